package content

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"testing"
)

// TestSafetyCalibration cross-validates the safety classifier on its own
// training material (5 folds: each example is judged by a model that never
// saw it) and prints recall and false alarms at the two thresholds. This is
// where params.safetySure and safetyUnsure come from; the blind set is never
// used to set them. It fails when held-out recall (either tier) drops below
// 97 % or when more than 3 % of held-out harmless messages get the script.
func TestSafetyCalibration(t *testing.T) {
	t.Parallel()
	lib, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	files, err := fs.Glob(embedded, safetyTrainPattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no safety training files: %v", err)
	}
	l := &loader{train: trainingSet{kindAt: map[string]Problem{}, examples: map[string][]string{}, exampleAt: map[string]Problem{}}}
	for _, f := range files {
		data, err := fs.ReadFile(embedded, f)
		if err != nil {
			t.Fatal(err)
		}
		l.safetyFile(f, l.parse(contentFile{rel: f, name: f, data: data}))
	}
	safety := l.train.safety
	all := safetyTraining(kb.Entries(), safety, kb.offTopic)
	p := defaultParams()
	const folds = 5
	type result struct {
		p     float64
		kind  string
		want  string
		text  string
		isEmg bool
	}
	var res []result
	for k := 0; k < folds; k++ {
		var train, test []safetyExample
		for i, ex := range all {
			if i%folds == k {
				test = append(test, ex)
			} else {
				train = append(train, ex)
			}
		}
		m := trainSafety(train)
		for _, ex := range test {
			v := m.classify(ex.text)
			res = append(res, result{v.P, v.Kind, ex.class, ex.text, ex.class != safeClass})
		}
	}
	lookalike := map[string]bool{}
	for _, ex := range safety {
		if ex.class == safeClass {
			lookalike[ex.text] = true
		}
	}
	var emg, sure, unsure, kindOK, safe, alarm, caution, looks, lookAlarm int
	var missed, alarms []string
	for _, r := range res {
		if r.isEmg {
			emg++
			switch {
			case r.p >= p.safetySure:
				sure++
			case r.p >= p.safetyUnsure:
				unsure++
			default:
				missed = append(missed, fmt.Sprintf("%.2f %s %q", r.p, r.want, r.text))
			}
			if r.kind == r.want || kb.emergencyByKind[r.kind] == kb.emergencyByKind[r.want] {
				kindOK++
			}
			continue
		}
		safe++
		if lookalike[r.text] {
			looks++
			if r.p >= p.safetySure {
				lookAlarm++
			}
		}
		switch {
		case r.p >= p.safetySure:
			alarm++
			alarms = append(alarms, fmt.Sprintf("%.2f %s %q", r.p, r.kind, r.text))
		case r.p >= p.safetyUnsure:
			caution++
		}
	}
	sort.Strings(missed)
	sort.Strings(alarms)
	t.Logf("held-out emergencies %d: sure %d, unsure %d, missed %d; right kind %d\nheld-out harmless %d: script %d, hotline line %d; of them look-alikes %d: script %d",
		emg, sure, unsure, len(missed), kindOK, safe, alarm, caution, looks, lookAlarm)
	if testing.Verbose() {
		for _, th := range []float64{0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95} {
			var hit, fa int
			for _, r := range res {
				if r.p >= th {
					if r.isEmg {
						hit++
					} else {
						fa++
					}
				}
			}
			la := 0
			for _, r := range res {
				if !r.isEmg && lookalike[r.text] && r.p >= th {
					la++
				}
			}
			t.Logf("threshold %.2f: recall %.3f, harmless above %.3f, look-alikes above %.3f", th, float64(hit)/float64(emg), float64(fa)/float64(safe), float64(la)/float64(looks))
		}
		t.Logf("missed:\n%s\nalarms:\n%s", strings.Join(missed, "\n"), strings.Join(alarms, "\n"))
	}
	if emg == 0 {
		t.Fatal("no training emergencies")
	}
	if r := float64(sure+unsure) / float64(emg); r < 0.97 {
		t.Errorf("held-out recall %.3f, want ≥ 0.97", r)
	}
	if r := float64(alarm) / float64(safe); r > 0.03 {
		t.Errorf("held-out false alarms %.3f, want ≤ 0.03", r)
	}
}
