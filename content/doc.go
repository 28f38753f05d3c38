// Package content is Loa's knowledge base: the question-and-answer files, their
// validation, Vietnamese normalisation and question matching. It imports
// nothing of ours.
//
// # Files
//
// content/faq/<topic>.yaml and content/emergency.yaml (format in
// CONTENT_FORMAT.md) are embedded in the binary. NewLibrary(dir) lets a folder
// (LOA_CONTENT_DIR) replace an embedded file of the same relative path, add
// new ones, or hide one with an empty file. Every problem found while loading
// is reported at once as "file:line: message" (*LoadError). Library.Reload
// (SIGHUP) swaps the knowledge base atomically and keeps the old one when the
// new files are invalid.
//
// # Matching
//
// KB.Ask normalises the message (Normalize: words typed as raw Telex or VNI
// keys read as their syllables, marks removed, lowercase, teencode
// expanded), looks for an emergency trigger first (a phrase of whole
// words), then ranks the entries with BM25 (k1 1.2, b 0.75) over syllables
// and syllable pairs of each entry's questions and keywords, plus its answer
// at weight 0.1. A syllable the knowledge base does not know, of 4 letters or
// more, is read as the known syllable one edit away (a typo). Stopwords are
// not removed: IDF weighs them down.
//
// Confidence is the best entry's score divided by the total weight of the
// message's features, where an unknown syllable weighs as the rarest one and
// a function word (fillerWords) at most as a common one. The thresholds in
// defaultParams (confidence 0.47, BM25 score 2) were calibrated on
// content/testdata/accuracy (464 labelled questions): every out-of-scope
// question there scores at most 0.45, so none gets an entry, and 98.9% of the
// questions are answered right first. A message of several parts (split at
// "?", ";", ",", newlines, "và", "với", "còn nữa", "thêm nữa", "ngoài ra")
// gets a second entry when another part has its own confident best entry
// (confidence 0.7, score 4) and the whole message scores that entry at least
// 0.3 of the first (params.secondAgree). A message that compares two
// things ("A với B khác nhau sao", "nên chọn A hay B": compare.go) and
// whose two best entries are too close to choose from gets both instead of
// a choice (params.compareBoth); the two together, not each alone, must
// hold her words when each holds one side. When the whole message answers
// a comparison poorly (not confident, or its best entry leaves much of it
// unsaid), each side (the words before and after "với"/"hay"/"và") is
// ranked on its own (params.compareSides): two sides answered by two
// entries get both, one side answered gets its entry, judged on the
// message without the side no entry holds.
//
// A question of eligibility (eligible.go: an age told or asked, "quá
// tuổi", "không có sổ đỏ", with "được không"/"được chưa") prefers, of the
// entries scoring at least 0.7 of the best, the one that states who may
// take part (its questions ask "điều kiện", "ai được", "đối tượng" …, or it
// holds an age), answers it from a blended confidence of 0.25, and weighs
// the age she tells at 0.3 of a word: the age is the condition, the
// programme is the topic (params.eligibility).
//
// A place name of places.yaml ("nhà em ở Đồng Xoài", "con gái ở trọ ở
// Bình Dương") that no entry's questions or keywords use is left out of
// what BM25 and the entry classifier read, in messages and in their
// training material alike (places.go): a name no entry uses is a rare word
// that dilutes the confidence of the entry she asks for. The safety layer,
// small talk and Answer.Normalized still read it, and whether an
// unanswered message is in scope is judged with its weight counted ("đi Đà
// Lạt chơi mùa nào đẹp" stays a trip).
//
// A loan question (loanask.go: "vay" with an amount, a lender or a purpose
// after it) is never judged off-topic unless it names consumer credit (a
// finance company, a credit card, a commercial bank, a phone or a
// motorbike): the Union takes the policy bank's loans in trust, and the
// off-topic material had taught that amounts and "trả góp" are consumer
// credit.
//
// An answer must hold the kind of figure she asks for (askkind.go: an amount
// for "bao nhiêu", a duration for "bao lâu", a date for "năm nào", an age
// for "mấy tuổi", a phone number for "số mấy"; a kind its own questions ask
// counts as held), and must not say itself that Loa lacks what she asks: a
// sentence of an answer with "Loa chưa có …", "chưa có con số" or "chưa
// kiểm chứng" is read as what the entry lacks, and a question whose words
// weigh more there than in the rest of the entry gets the honest fallback,
// which staff see, instead of the near entry. Content writers: keep such a
// sentence about the missing fact only.
//
// # Safety
//
// Before any entry, KB.judgeSafety (safety.go) decides whether the message
// tells of harm to a person: an emergency trigger phrase, the safety
// classifier with two tiers (sure: the emergency script first; unsure: one
// line of the fitting hotlines above the answer), the victim's age (the
// children's script or the adults'), and below the unsure tier Answer.Harm,
// the hotline line that an unanswered message gets instead of "no answer".
// The unsure line stays quiet where the rest of Ask knows better: a barely
// unsure message that the knowledge base answers with confidence, and a
// long message whose trigger phrase the classifier reads as clearly
// harmless (params.safetyQuiet, safetyTriggerQuiet). A death in her own
// family that is over, told as grief (loss.go), gets the loss answer of
// emergency.yaml instead of a script that asks her to call now.
// TestSafetyDecisions cross-validates all of it on content/train/safety*.yaml.
//
// Everything the matcher needs is computed when the files are loaded; Ask
// takes its working memory from a pool and allocates only its result
// (BenchmarkAsk: p50 ≈ 20 µs, p99 ≈ 70–130 µs on the whole knowledge base).
package content
