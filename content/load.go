package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Limits of the content format (CONTENT_FORMAT.md).
const (
	maxAnswerChars = 700
	maxTitleChars  = 40
	maxIDBytes     = 40
	maxRelated     = 3
	emergencyFile  = "emergency.yaml"
	faqPattern     = "faq/*.yaml"
)

var idPattern = regexp.MustCompile(`^[a-z0-9-]+$`)

// Problem is one thing wrong in a content file, at a line.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// LoadError lists every problem found while loading, not only the first, so
// an editor can fix a file in one pass. Each line reads "file:line: message".
type LoadError struct {
	Problems []Problem
}

func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return "content: " + strconv.Itoa(len(e.Problems)) + " problem(s):\n" + strings.Join(lines, "\n")
}

// contentFile is one file to parse: its relative path (faq/x.yaml or
// emergency.yaml), the name used in messages and its bytes.
type contentFile struct {
	rel  string
	name string
	data []byte
}

// collectFiles lists the knowledge-base files (faq/*.yaml and
// emergency.yaml) with the override rules of overlayFiles.
func collectFiles(embedded fs.FS, dir string) ([]contentFile, error) {
	return overlayFiles(embedded, dir, faqPattern, emergencyFile, entitiesFile, placesFile, safetyTrainPattern, offTopicPattern, faqTrainPattern)
}

// overlayFiles lists the content files matching patterns (slash-separated,
// relative to the content root): every embedded file, replaced by a file of
// the same relative path in dir, plus the files only dir has. An empty file
// in dir hides the embedded file of the same path.
func overlayFiles(embedded fs.FS, dir string, patterns ...string) ([]contentFile, error) {
	byRel := map[string]contentFile{}
	if embedded != nil {
		for _, p := range patterns {
			names, err := fs.Glob(embedded, p)
			if err != nil {
				return nil, fmt.Errorf("list embedded content: %w", err)
			}
			for _, n := range names {
				data, err := fs.ReadFile(embedded, n)
				if err != nil {
					return nil, fmt.Errorf("read embedded %s: %w", n, err)
				}
				byRel[n] = contentFile{rel: n, name: n, data: data}
			}
		}
	}
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("content dir: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("content dir %s: not a directory", dir)
		}
		for _, p := range patterns {
			names, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(p)))
			if err != nil {
				return nil, fmt.Errorf("list %s: %w", dir, err)
			}
			for _, n := range names {
				data, err := os.ReadFile(n)
				if err != nil {
					return nil, fmt.Errorf("read content: %w", err)
				}
				rel, err := filepath.Rel(dir, n)
				if err != nil {
					return nil, fmt.Errorf("read content: %w", err)
				}
				rel = filepath.ToSlash(rel)
				if len(bytes.TrimSpace(data)) == 0 {
					delete(byRel, rel)
					continue
				}
				byRel[rel] = contentFile{rel: rel, name: n, data: data}
			}
		}
	}
	files := make([]contentFile, 0, len(byRel))
	for _, f := range byRel {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })
	return files, nil
}

// loader accumulates what the files declare and every problem found.
type loader struct {
	problems    []Problem
	topics      []*Topic
	entries     []*Entry
	emergencies []*Emergency
	loss        *Emergency         // emergency.yaml's answer to a loss told as grief
	topicAt     map[string]Problem // id → where first declared (Msg unused)
	entryAt     map[string]Problem
	emergAt     map[string]Problem
	relatedAt   map[*Entry][]int     // line of each related id
	answersAt   map[*Emergency][]int // line of each id an emergency's answers list
	questionAt  map[string]*Entry
	entities    []*Entity
	places      []string // place names neutral in matching (places.yaml)
	train       trainingSet
	kindOwner   map[string]string // classifier kind → emergency id
}

// err is every problem found, by file and line, or nil when there is none.
func (l *loader) err() error {
	if len(l.problems) == 0 {
		return nil
	}
	sort.SliceStable(l.problems, func(i, j int) bool {
		a, b := l.problems[i], l.problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return &LoadError{Problems: l.problems}
}

func (l *loader) add(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// load parses and validates the files and builds the KB.
func load(files []contentFile) (*KB, error) {
	l := &loader{
		topicAt:    map[string]Problem{},
		entryAt:    map[string]Problem{},
		emergAt:    map[string]Problem{},
		relatedAt:  map[*Entry][]int{},
		answersAt:  map[*Emergency][]int{},
		questionAt: map[string]*Entry{},
		kindOwner:  map[string]string{},
		train:      trainingSet{kindAt: map[string]Problem{}, examples: map[string][]string{}, exampleAt: map[string]Problem{}},
	}
	for _, f := range files {
		if strings.HasPrefix(f.rel, "train/faq/") {
			l.faqTrainFile(f.name, f.data)
			continue
		}
		root := l.parse(f)
		if root == nil {
			continue
		}
		switch {
		case f.rel == emergencyFile:
			l.emergencyFile(f.name, root)
		case f.rel == entitiesFile:
			l.entitiesFile(f.name, root)
		case f.rel == placesFile:
			l.placesFile(f.name, root)
		case strings.HasPrefix(f.rel, "train/safety"):
			l.safetyFile(f.name, root)
		case strings.HasPrefix(f.rel, "train/offtopic"):
			l.offTopicFile(f.name, root)
		default:
			l.topicFile(f.name, root)
		}
	}
	l.checkRelated()
	l.checkTraining()
	if len(l.topics) == 0 && len(l.problems) == 0 {
		l.add("faq", 0, "no topic file found")
	}
	if err := l.err(); err != nil {
		return nil, err
	}
	for _, e := range l.entries {
		e.Examples = l.train.examples[e.ID]
	}
	kb := newKB(l.topics, l.entries, l.emergencies, l.entities, l.places, l.train)
	kb.loss = l.loss
	return kb, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parse returns the root mapping of a file, or nil after recording why not.
func (l *loader) parse(f contentFile) *yaml.Node {
	if !utf8.Valid(f.data) {
		line := 1 + bytes.Count(f.data[:firstInvalidUTF8(f.data)], []byte{'\n'})
		l.add(f.name, line, "invalid UTF-8: save the file as UTF-8")
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(f.data, &doc); err != nil {
		line, msg := 1, err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		l.add(f.name, line, "YAML syntax: %s", strings.TrimPrefix(msg, "yaml: "))
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		l.add(f.name, 1, "empty file")
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		l.add(f.name, root.Line, "the file must be a mapping (key: value), not a %s", kindName(root))
		return nil
	}
	return root
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// fields checks a mapping's keys against the allowed ones and returns the
// value node of each key present. Unknown and duplicate keys are problems.
func (l *loader) fields(file string, m *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	out := make(map[string]*yaml.Node, len(allowed))
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		known := false
		for _, a := range allowed {
			if a == key {
				known = true
				break
			}
		}
		switch {
		case !known:
			l.add(file, k.Line, "unknown field %q in %s (allowed: %s)", key, what, strings.Join(allowed, ", "))
		case out[key] != nil:
			l.add(file, k.Line, "field %q appears twice in %s", key, what)
		default:
			out[key] = v
		}
	}
	return out
}

// str returns a required or optional scalar string field.
func (l *loader) str(file string, parent *yaml.Node, f map[string]*yaml.Node, key, what string, required bool) (string, int) {
	v := f[key]
	if v == nil {
		if required {
			l.add(file, parent.Line, "%s has no %q", what, key)
		}
		return "", parent.Line
	}
	if v.Kind != yaml.ScalarNode {
		l.add(file, v.Line, "%q of %s must be text, not a %s", key, what, kindName(v))
		return "", v.Line
	}
	s := strings.TrimSpace(v.Value)
	if s == "" && required {
		l.add(file, v.Line, "%q of %s is empty", key, what)
	}
	return s, v.Line
}

// list returns a sequence of scalar strings with the line of each item.
func (l *loader) list(file string, f map[string]*yaml.Node, key, what string) ([]string, []int) {
	v := f[key]
	if v == nil {
		return nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		l.add(file, v.Line, "%q of %s must be a list", key, what)
		return nil, nil
	}
	var out []string
	var lines []int
	for _, it := range v.Content {
		if it.Kind != yaml.ScalarNode {
			l.add(file, it.Line, "each item of %q in %s must be text, not a %s", key, what, kindName(it))
			continue
		}
		s := strings.TrimSpace(it.Value)
		if s == "" {
			l.add(file, it.Line, "empty item in %q of %s", key, what)
			continue
		}
		out = append(out, s)
		lines = append(lines, it.Line)
	}
	return out, lines
}

func (l *loader) checkID(file string, line int, id, what string) bool {
	switch {
	case id == "":
		return false // already reported as missing
	case len(id) > maxIDBytes:
		l.add(file, line, "%s id %q is longer than %d bytes", what, id, maxIDBytes)
	case !idPattern.MatchString(id):
		l.add(file, line, "%s id %q may only contain a-z, 0-9 and '-'", what, id)
	default:
		return true
	}
	return false
}

func (l *loader) checkAnswer(file string, line int, answer, what string) {
	if n := utf8.RuneCountInString(answer); n > maxAnswerChars {
		l.add(file, line, "answer of %s has %d characters, more than %d", what, n, maxAnswerChars)
	}
}

func (l *loader) topicFile(file string, root *yaml.Node) {
	f := l.fields(file, root, "the topic file", "topic", "title", "order", "entries")
	id, idLine := l.str(file, root, f, "topic", "the topic file", true)
	title, titleLine := l.str(file, root, f, "title", "the topic file", true)
	t := &Topic{ID: id, Title: title, File: file, Line: idLine}
	if l.checkID(file, idLine, id, "topic") {
		if first, dup := l.topicAt[id]; dup {
			l.add(file, idLine, "topic %q is already declared at %s:%d", id, first.File, first.Line)
		} else {
			l.topicAt[id] = Problem{File: file, Line: idLine}
		}
	}
	if n := utf8.RuneCountInString(title); n > maxTitleChars {
		l.add(file, titleLine, "title has %d characters, more than %d (it must fit on a button)", n, maxTitleChars)
	}
	if v := f["order"]; v == nil {
		l.add(file, root.Line, "the topic file has no \"order\"")
	} else if n, err := strconv.Atoi(v.Value); v.Kind != yaml.ScalarNode || err != nil {
		l.add(file, v.Line, "\"order\" must be a whole number")
	} else {
		t.Order = n
	}
	ev := f["entries"]
	switch {
	case ev == nil:
		l.add(file, root.Line, "the topic file has no \"entries\"")
	case ev.Kind != yaml.SequenceNode:
		l.add(file, ev.Line, "\"entries\" must be a list")
	case len(ev.Content) == 0:
		l.add(file, ev.Line, "\"entries\" is empty")
	default:
		for _, en := range ev.Content {
			if e := l.entry(file, id, en); e != nil {
				t.Entries = append(t.Entries, e)
			}
		}
	}
	l.topics = append(l.topics, t)
}

func (l *loader) entry(file, topic string, n *yaml.Node) *Entry {
	if n.Kind != yaml.MappingNode {
		l.add(file, n.Line, "each entry must be a mapping (id:, questions:, answer:, source:)")
		return nil
	}
	f := l.fields(file, n, "an entry", "id", "questions", "keywords", "answer", "source", "related")
	id, idLine := l.str(file, n, f, "id", "an entry", true)
	what := "entry " + strconv.Quote(id)
	if id == "" {
		what = "an entry"
	}
	e := &Entry{ID: id, Topic: topic, File: file, Line: idLine}
	if l.checkID(file, idLine, id, "entry") {
		if first, dup := l.entryAt[id]; dup {
			l.add(file, idLine, "entry id %q is already used at %s:%d", id, first.File, first.Line)
		} else {
			l.entryAt[id] = Problem{File: file, Line: idLine}
		}
	}
	var qLines []int
	e.Questions, qLines = l.list(file, f, "questions", what)
	if len(e.Questions) == 0 && (f["questions"] == nil || f["questions"].Kind == yaml.SequenceNode) {
		l.add(file, n.Line, "%s has no question (at least 1)", what)
	}
	for i, q := range e.Questions {
		nq := Normalize(q)
		if nq == "" {
			l.add(file, qLines[i], "question %q of %s has no letter or digit", q, what)
			continue
		}
		if other, dup := l.questionAt[nq]; dup && other != e {
			l.add(file, qLines[i], "question %q of %s is also a question of entry %q (%s:%d)", q, what, other.ID, other.File, other.Line)
		} else {
			l.questionAt[nq] = e
		}
	}
	e.Keywords, _ = l.list(file, f, "keywords", what)
	var answerLine int
	e.Answer, answerLine = l.str(file, n, f, "answer", what, true)
	l.checkAnswer(file, answerLine, e.Answer, what)
	e.Source, _ = l.str(file, n, f, "source", what, true)
	var relLines []int
	e.Related, relLines = l.list(file, f, "related", what)
	if len(e.Related) > maxRelated {
		l.add(file, f["related"].Line, "%s has %d related entries, at most %d", what, len(e.Related), maxRelated)
	}
	l.relatedAt[e] = relLines
	l.entries = append(l.entries, e)
	return e
}

// checkRelated runs once every file is read: related ids may point forward
// and into other files.
func (l *loader) checkRelated() {
	for _, e := range l.entries {
		for i, r := range e.Related {
			switch {
			case r == e.ID:
				l.add(e.File, l.relatedAt[e][i], "entry %q lists itself as related", e.ID)
			case l.entryAt[r].File == "":
				l.add(e.File, l.relatedAt[e][i], "entry %q: related id %q does not exist", e.ID, r)
			}
		}
	}
	for _, em := range l.emergencies {
		for i, r := range em.Answers {
			if l.entryAt[r].File == "" {
				l.add(em.File, l.answersAt[em][i], "emergency %q: answers id %q does not exist", em.ID, r)
			}
		}
	}
}

func (l *loader) emergencyFile(file string, root *yaml.Node) {
	f := l.fields(file, root, "the emergency file", "emergencies", "loss")
	if n := f["loss"]; n != nil {
		l.lossAnswer(file, n)
	}
	ev := f["emergencies"]
	switch {
	case ev == nil:
		l.add(file, root.Line, "the emergency file has no \"emergencies\"")
		return
	case ev.Kind != yaml.SequenceNode:
		l.add(file, ev.Line, "\"emergencies\" must be a list")
		return
	}
	for _, n := range ev.Content {
		if n.Kind != yaml.MappingNode {
			l.add(file, n.Line, "each emergency must be a mapping (id:, triggers:, answer:, source:)")
			continue
		}
		f := l.fields(file, n, "an emergency", "id", "kinds", "triggers", "answer", "caution", "answers", "source")
		id, idLine := l.str(file, n, f, "id", "an emergency", true)
		what := "emergency " + strconv.Quote(id)
		em := &Emergency{ID: id, File: file, Line: idLine}
		l.claimEmergencyID(file, idLine, id)
		em.Triggers = l.triggers(file, n, f["triggers"], what)
		var answerLine int
		em.Answer, answerLine = l.str(file, n, f, "answer", what, true)
		l.checkAnswer(file, answerLine, em.Answer, what)
		em.Source, _ = l.str(file, n, f, "source", what, true)
		em.Caution, _ = l.str(file, n, f, "caution", what, false)
		var kindLines []int
		em.Kinds, kindLines = l.list(file, f, "kinds", what)
		for i, k := range em.Kinds {
			if other, dup := l.kindOwner[k]; dup {
				l.add(file, kindLines[i], "kind %q of %s is already a kind of emergency %q", k, what, other)
			} else {
				l.kindOwner[k] = id
			}
		}
		em.Answers, l.answersAt[em] = l.list(file, f, "answers", what)
		if len(em.Kinds) > 0 && em.Caution == "" {
			l.add(file, idLine, "%s has kinds but no \"caution\" line", what)
		}
		l.emergencies = append(l.emergencies, em)
	}
}

// claimEmergencyID checks an emergency's (or the loss answer's) id and
// records where it is first used, so that a second use is reported there.
func (l *loader) claimEmergencyID(file string, idLine int, id string) {
	if !l.checkID(file, idLine, id, "emergency") {
		return
	}
	if first, dup := l.emergAt[id]; dup {
		l.add(file, idLine, "emergency id %q is already used at %s:%d", id, first.File, first.Line)
		return
	}
	l.emergAt[id] = Problem{File: file, Line: idLine}
}

// lossAnswer reads the answer given instead of a script to a loss told as
// grief (loss: id, caution, answer, source; the caution line is shown when
// she asked something nothing answers): no triggers and no kinds, since no
// harm is going on to call for.
func (l *loader) lossAnswer(file string, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		l.add(file, n.Line, "\"loss\" must be a mapping (id:, answer:, source:)")
		return
	}
	f := l.fields(file, n, "the loss answer", "id", "caution", "answer", "source")
	id, idLine := l.str(file, n, f, "id", "the loss answer", true)
	em := &Emergency{ID: id, File: file, Line: idLine}
	l.claimEmergencyID(file, idLine, id)
	var answerLine int
	em.Answer, answerLine = l.str(file, n, f, "answer", "the loss answer", true)
	l.checkAnswer(file, answerLine, em.Answer, "the loss answer")
	em.Source, _ = l.str(file, n, f, "source", "the loss answer", true)
	em.Caution, _ = l.str(file, n, f, "caution", "the loss answer", true)
	l.loss = em
}

// triggers reads an emergency's trigger phrases; a phrase with no letter or
// digit would never match, so it is a problem.
func (l *loader) triggers(file string, parent, v *yaml.Node, what string) []string {
	switch {
	case v == nil:
		l.add(file, parent.Line, "%s has no \"triggers\"", what)
		return nil
	case v.Kind != yaml.SequenceNode:
		l.add(file, v.Line, "\"triggers\" of %s must be a list", what)
		return nil
	case len(v.Content) == 0:
		l.add(file, v.Line, "%s has no trigger", what)
		return nil
	}
	var out []string
	for _, it := range v.Content {
		switch {
		case it.Kind != yaml.ScalarNode:
			l.add(file, it.Line, "each trigger of %s must be text, not a %s", what, kindName(it))
		case Normalize(it.Value) == "":
			l.add(file, it.Line, "empty trigger %q in %s", it.Value, what)
		default:
			out = append(out, strings.TrimSpace(it.Value))
		}
	}
	return out
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	default:
		return "value"
	}
}

// newKB orders the topics, builds the matcher and trains the safety
// classifier.
func newKB(topics []*Topic, entries []*Entry, emergencies []*Emergency, entities []*Entity, places []string, train trainingSet) *KB {
	sort.SliceStable(topics, func(i, j int) bool {
		if topics[i].Order != topics[j].Order {
			return topics[i].Order < topics[j].Order
		}
		return topics[i].ID < topics[j].ID
	})
	kb := &KB{
		topics:      topics,
		topicByID:   make(map[string]*Topic, len(topics)),
		entries:     entries,
		entryByID:   make(map[string]*Entry, len(entries)),
		emergencies: emergencies,
	}
	for _, t := range topics {
		kb.topicByID[t.ID] = t
	}
	for _, e := range entries {
		kb.entryByID[e.ID] = e
	}
	kb.m = newMatcher(entries, emergencies, defaultParams(), train.offTopic, places)
	kb.places = places
	kb.m.entities = newGazetteer(entities, entries)
	kb.offTopic = train.offTopic
	kb.safety = trainSafety(safetyTraining(entries, train.safety, train.offTopic))
	kb.emergencyByKind = map[string]*Emergency{}
	for _, e := range emergencies {
		for _, k := range e.Kinds {
			kb.emergencyByKind[k] = e
		}
	}
	kb.twoKinds = pairEmergencies(emergencies)
	return kb
}

// safetyTraining is the classifier's training set: the safety file, plus
// every question and paraphrase of the knowledge base as harmless (members'
// questions about the law on violence or the hotline 111 are not
// emergencies, and they are the look-alikes that matter most).
func safetyTraining(entries []*Entry, safety []safetyExample, offTopic []string) []safetyExample {
	if len(safety) == 0 {
		return nil
	}
	out := slices.Clone(safety)
	for _, q := range offTopic {
		out = append(out, safetyExample{text: q, class: safeClass})
	}
	for _, e := range entries {
		for _, q := range e.Questions {
			out = append(out, safetyExample{text: q, class: safeClass})
		}
		for _, q := range e.Examples {
			out = append(out, safetyExample{text: q, class: safeClass})
		}
	}
	return out
}
