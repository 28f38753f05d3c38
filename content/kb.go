package content

import "slices"

// KB is one loaded, validated knowledge base. It is immutable: a reload builds
// a new KB and swaps it in (see Library), so readers never lock.
type KB struct {
	topics          []*Topic // ordered by Order, then ID
	topicByID       map[string]*Topic
	entries         []*Entry // in file order; index i is the entry's number in the matcher
	entryByID       map[string]*Entry
	emergencies     []*Emergency
	m               *matcher
	safety          *safetyModel // nil without training data
	emergencyByKind map[string]*Emergency
	// loss answers a harm that is over, told as grief ("con e chết đuối
	// hôm qua"): a warm word and a person to talk to, instead of a script
	// that asks her to call now and describe the child (see toldAsLoss).
	loss     *Emergency
	twoKinds map[[2]*Emergency]*Emergency // see withSecond
	offTopic []string                     // training messages outside the Union's work
	places   []string                     // place names neutral in matching (places.yaml)
}

// Topic is one subject of the topic menu, loaded from one content/faq file.
type Topic struct {
	ID      string
	Title   string // Vietnamese, at most 40 characters: shown on the topic button
	Order   int    // position in the topic menu
	Entries []*Entry
	File    string // where it was loaded from, for messages to staff
	Line    int
}

// Entry is one question of the knowledge base with its answer.
type Entry struct {
	ID        string
	Topic     string // the ID of its Topic
	Answer    string // plain text, at most 700 characters
	Source    string // the public source(s) of the answer
	Questions []string
	Keywords  []string
	Related   []string // entry IDs offered as follow-up questions
	// Examples are training paraphrases (content/train/faq): matched like
	// questions, never shown.
	Examples []string
	File     string
	Line     int
}

// Emergency is an answer that wins over every entry when one of its triggers
// appears in a message (someone being beaten now, a child in danger, thoughts
// of suicide). Its answer carries the hotline numbers.
type Emergency struct {
	ID       string
	Answer   string
	Source   string
	Triggers []string // as written in the file
	// Kinds are the safety classifier's kinds of harm this answer serves
	// ("domestic-violence", "medical" …; content/train/safety.yaml).
	Kinds []string
	// Caution is one line of the fitting hotlines, fitting-first, added
	// above an answer when the classifier is unsure.
	Caution string
	// Answers are knowledge-base entries that tell a person in this harm
	// what she can do ("blgd-nan-nhan-lam-gi"): when the classifier is
	// unsure, a message that asks what to do and that nothing else answers
	// gets the one of them the matcher ranks best, under the caution line,
	// instead of the caution line alone (Ask).
	Answers []string
	File    string
	Line    int
	// alone is the emergency this one was built from with a second kind's
	// line after its own (pairEmergencies); nil for one of the file.
	alone *Emergency
}

// oneLine returns e with its own hotline line only: above an ordinary
// answer one short line is enough, and a second kind's line (withSecond)
// stacked on it reads as an alarm the answer does not share.
func (e *Emergency) oneLine() *Emergency {
	if e != nil && e.alone != nil {
		return e.alone
	}
	return e
}

// Topics returns the topics in menu order. The slice must not be modified.
func (kb *KB) Topics() []*Topic { return kb.topics }

// Topic returns the topic with that ID, or nil.
func (kb *KB) Topic(id string) *Topic { return kb.topicByID[id] }

// Entry returns the entry with that ID, or nil.
func (kb *KB) Entry(id string) *Entry { return kb.entryByID[id] }

// Entries returns every entry in file order. The slice must not be modified.
func (kb *KB) Entries() []*Entry { return kb.entries }

// Related returns up to three entries to offer after e (its own related
// list first, then its nearest neighbours), the same follow-ups Ask gives
// when e is the answer; nil for an entry of another KB.
func (kb *KB) Related(e *Entry) []*Entry {
	i := slices.Index(kb.entries, e)
	if i < 0 {
		return nil
	}
	return kb.m.relatedTo(i, -1)
}

// Emergencies returns every emergency answer. The slice must not be modified.
func (kb *KB) Emergencies() []*Emergency { return kb.emergencies }
