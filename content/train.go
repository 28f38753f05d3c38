package content

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Paths of the material the matcher and the safety classifier learn from
// (content/train/README.md) and of the gazetteer of named things.
const (
	safetyTrainPattern = "train/safety*.yaml"
	faqTrainPattern    = "train/faq/*.yaml"
	offTopicPattern    = "train/offtopic*.yaml"
	entitiesFile       = "entities.yaml"
)

// trainingSet is what content/train holds once read.
type trainingSet struct {
	safety    []safetyExample
	kindAt    map[string]Problem // classifier kind → where it is declared
	examples  map[string][]string
	exampleAt map[string]Problem // entry id → where its examples are listed (first)
	offTopic  []string           // messages outside the Union's work
}

// Entity is one named thing (a programme, a fund, a document, a hotline)
// with the spellings members use for it.
type Entity struct {
	ID    string
	Names []string
	// Group, when set, makes the entity a subject among others of the
	// same group (hộ nghèo / cận nghèo / mới thoát nghèo; mức 1 / mức 2):
	// a message naming it is not answered by an entry that names another
	// subject of the group and not this one. Entries that name none of the
	// group still may answer (see gazetteer.agrees).
	Group string
	// Topic, when set, makes the entity a word of one of the Union's
	// topics rather than a thing an entry names ("bão lũ", "thiên tai"):
	// a message naming it is the Union's business (the off-topic class
	// does not take it), but any entry may answer it.
	Topic bool
	// Short names are what members shorten a name to ("5 có" for "5 có 3
	// sạch"): words that are also everyday words ("nhà 5 người, 5 có được
	// không"), so they count only where they stand as a name (after
	// "mô hình", "tiêu chí", "trong", "cái" … or at the start of a
	// sentence, and not before "được", "phải", a unit).
	Short []string
}

// safetyFile reads train/safety.yaml.
func (l *loader) safetyFile(file string, root *yaml.Node) {
	f := l.fields(file, root, "the safety training file", "emergencies", "safe")
	if ev := f["emergencies"]; ev == nil || ev.Kind != yaml.SequenceNode {
		l.add(file, root.Line, "the safety training file needs a list \"emergencies\"")
	} else {
		for _, n := range ev.Content {
			if n.Kind != yaml.MappingNode {
				l.add(file, n.Line, "each item of \"emergencies\" must be a mapping (kind:, hotline:, examples:)")
				continue
			}
			kf := l.fields(file, n, "a kind of emergency", "kind", "hotline", "examples")
			kind, line := l.str(file, n, kf, "kind", "a kind of emergency", true)
			l.str(file, n, kf, "hotline", "kind "+kind, false)
			if kind == "" {
				continue
			}
			if _, dup := l.train.kindAt[kind]; !dup {
				l.train.kindAt[kind] = Problem{File: file, Line: line}
			}
			ex, _ := l.list(file, kf, "examples", "kind "+kind)
			if len(ex) == 0 {
				l.add(file, line, "kind %q has no examples", kind)
			}
			for _, e := range ex {
				l.train.safety = append(l.train.safety, safetyExample{text: e, class: kind})
			}
		}
	}
	safe, _ := l.list(file, f, "safe", "the safety training file")
	for _, s := range safe {
		l.train.safety = append(l.train.safety, safetyExample{text: s, class: safeClass})
	}
}

// faqTrainFile reads one train/faq file: a list of {entry, examples}.
func (l *loader) faqTrainFile(file string, data []byte) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		l.add(file, 1, "YAML syntax: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.SequenceNode {
		l.add(file, 1, "a training file is a list of {entry:, examples:}")
		return
	}
	for _, n := range doc.Content[0].Content {
		if n.Kind != yaml.MappingNode {
			l.add(file, n.Line, "each item must be a mapping (entry:, examples:)")
			continue
		}
		f := l.fields(file, n, "a training item", "entry", "examples")
		id, line := l.str(file, n, f, "entry", "a training item", true)
		ex, _ := l.list(file, f, "examples", "the examples of "+id)
		if id == "" {
			continue
		}
		if _, seen := l.train.exampleAt[id]; !seen {
			l.train.exampleAt[id] = Problem{File: file, Line: line}
		}
		l.train.examples[id] = append(l.train.examples[id], ex...)
	}
}

// entitiesFile reads entities.yaml.
func (l *loader) entitiesFile(file string, root *yaml.Node) {
	f := l.fields(file, root, "the entities file", "entities")
	ev := f["entities"]
	if ev == nil || ev.Kind != yaml.SequenceNode {
		l.add(file, root.Line, "the entities file needs a list \"entities\"")
		return
	}
	seen := map[string]bool{}
	for _, n := range ev.Content {
		if n.Kind != yaml.MappingNode {
			l.add(file, n.Line, "each entity must be a mapping (id:, names:)")
			continue
		}
		ef := l.fields(file, n, "an entity", "id", "names", "group", "topic", "short")
		id, line := l.str(file, n, ef, "id", "an entity", true)
		group, _ := l.str(file, n, ef, "group", "entity "+id, false)
		topic, topicLine := l.str(file, n, ef, "topic", "entity "+id, false)
		if topic != "" && topic != "true" {
			l.add(file, topicLine, "topic of entity %q must be true", id)
		}
		if topic != "" && group != "" {
			l.add(file, topicLine, "entity %q cannot be both a topic and a subject of a group", id)
		}
		if seen[id] {
			l.add(file, line, "entity %q is declared twice", id)
		}
		seen[id] = true
		names, nameLines := l.list(file, ef, "names", "entity "+id)
		if len(names) == 0 {
			l.add(file, line, "entity %q has no names", id)
		}
		for i, nm := range names {
			if Normalize(nm) == "" {
				l.add(file, nameLines[i], "name %q of entity %q has no letter or digit", nm, id)
			}
		}
		var short []string
		if ef["short"] != nil {
			var shortLines []int
			short, shortLines = l.list(file, ef, "short", "entity "+id)
			for i, nm := range short {
				if Normalize(nm) == "" {
					l.add(file, shortLines[i], "short name %q of entity %q has no letter or digit", nm, id)
				}
			}
		}
		l.entities = append(l.entities, &Entity{ID: id, Names: names, Group: group, Topic: topic == "true", Short: short})
	}
}

// placesFile reads places.yaml: a list "places" of names.
func (l *loader) placesFile(file string, root *yaml.Node) {
	f := l.fields(file, root, "the places file", "places")
	if f["places"] == nil {
		l.add(file, root.Line, "the places file needs a list \"places\"")
		return
	}
	names, lines := l.list(file, f, "places", "the places file")
	for i, n := range names {
		if Normalize(n) == "" {
			l.add(file, lines[i], "place %q has no letter or digit", n)
			continue
		}
		l.places = append(l.places, n)
	}
}

// checkTraining runs once every file is read: every kind the classifier
// learns must lead to an emergency answer (its script and its hotline line).
// Examples of an entry that does not exist are ignored, not refused: a
// content folder that replaces a topic file must not have to replace its
// training file too (TestTrainingExamplesNameEntries checks the shipped ones).
func (l *loader) checkTraining() {
	byKind := map[string]*Emergency{}
	for _, e := range l.emergencies {
		for _, k := range e.Kinds {
			byKind[k] = e
		}
	}
	for kind, at := range l.train.kindAt {
		if byKind[kind] == nil {
			l.add(at.File, at.Line, "kind %q is not listed under \"kinds\" of any emergency in %s", kind, emergencyFile)
		}
	}
}

// offTopicFile reads train/offtopic.yaml.
func (l *loader) offTopicFile(file string, root *yaml.Node) {
	f := l.fields(file, root, "the off-topic training file", "offtopic")
	off, _ := l.list(file, f, "offtopic", "the off-topic training file")
	l.train.offTopic = append(l.train.offTopic, off...)
}
