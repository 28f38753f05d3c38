package content_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"loa/content"
	"loa/scheduler"
	"loa/vntime"
)

const validPosts = `posts:
  - id: thu-nghiem
    title: "Bài thử"
    text: "Nội dung bài thử."
    tags: [thu]
    when:
      dates: ["03-08", "10-20"]
      time: "07:30"
    units: ["*"]
    source: "content-facts.md §24"
  - id: thu-nghiem-2
    title: "Bài thử hai"
    text: "Nội dung hai."
    when:
      cron: "0 8 * * 1"
    units: [dn-xuandinh, DN-TRANBIEN]
    source: "content-facts.md §1"
`

func TestEmbeddedPostsCoverTheYearWithSources(t *testing.T) {
	t.Parallel()
	lib, err := content.LoadPosts("")
	if err != nil {
		t.Fatal(err)
	}
	posts := lib.Posts()
	if len(posts) < 30 {
		t.Fatalf("%d posts, want at least 30", len(posts))
	}
	vn := vntime.Zone
	from := time.Date(2027, 1, 1, 0, 0, 0, 0, vn)
	to := from.AddDate(1, 0, 0)
	months := map[time.Month]int{}
	days := map[string]string{}
	for _, p := range posts {
		if p.Source == "" || p.Title == "" || utf8.RuneCountInString(p.Text) > 1500 {
			t.Errorf("%s (%s:%d): missing source/title or text too long", p.ID, p.File, p.Line)
		}
		sched, err := scheduler.ParseSpec(p.Spec(), vn)
		if err != nil {
			t.Fatalf("%s: spec %q: %v", p.ID, p.Spec(), err)
		}
		for slot := sched.Next(from); !slot.IsZero() && slot.Before(to); slot = sched.Next(slot) {
			months[slot.Month()]++
			day := slot.Format("01-02")
			if other, dup := days[day]; dup && p.Everyone() {
				t.Errorf("%s and %s both go to everyone on %s: one post a day is enough", other, p.ID, day)
			}
			if p.Everyone() {
				days[day] = p.ID
			}
			if h := slot.Hour(); h < 7 || h >= 21 {
				t.Errorf("%s is scheduled at %s, inside quiet hours", p.ID, slot.Format("15:04"))
			}
		}
	}
	for m := time.January; m <= time.December; m++ {
		if months[m] == 0 {
			t.Errorf("no post in %s", m)
		}
	}
	for _, want := range []string{"03-08", "06-28", "10-20", "11-15", "06-01"} {
		if days[want] == "" {
			t.Errorf("no post on %s", want)
		}
	}
	if p := lib.Post("vneid-lua-dao"); p == nil || !strings.Contains(p.Text, "OTP") {
		t.Fatalf("Post(vneid-lua-dao) = %+v", p)
	}
}

func TestPostFieldsAndSpec(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"posts/thu.yaml": validPosts})
	posts, err := content.LoadPostsDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 2 {
		t.Fatalf("%d posts", len(posts))
	}
	p := posts[0]
	if p.ID != "thu-nghiem" || p.Spec() != "30 7 8 3 *; 30 7 20 10 *" || !p.Everyone() || p.Line != 2 {
		t.Fatalf("post = %+v spec %q", p, p.Spec())
	}
	if !strings.HasPrefix(p.Message(), "Bài thử\n\nNội dung bài thử.") || !strings.HasSuffix(p.Message(), "Nguồn: content-facts.md §24") {
		t.Fatalf("message = %q", p.Message())
	}
	q := posts[1]
	if q.Spec() != "0 8 * * 1" || q.Everyone() || strings.Join(q.Units, ",") != "DN-XUANDINH,DN-TRANBIEN" {
		t.Fatalf("post 2 = %+v", q)
	}
}

func TestPostProblemsNameFileAndLine(t *testing.T) {
	t.Parallel()
	bad := `posts:
  - id: Bad_ID
    title: "Tiêu đề"
    text: "Có <b>thẻ HTML</b>"
    when:
      cron: "*/10 8 * * *"
    units: ["*", DN]
    source: "x"
  - id: thieu-when
    title: "T"
    text: "x"
    units: [DN]
    source: "x"
  - id: ngay-sai
    title: "T"
    text: "x"
    image_url: "http://example.org/a.png"
    when:
      dates: ["02-30", "8/3"]
      time: "25:00"
    units: []
    colour: red
  - id: ca-hai
    title: "T"
    text: "x"
    when: {cron: "0 8 * * 1", dates: ["01-01"]}
    units: [DN]
    source: "x"
  - id: thieu-when
    title: "T"
    text: "x"
    when: {cron: "0 8 * * 1"}
    units: [DN]
    source: "x"
`
	long := "posts:\n  - id: dai\n    title: T\n    text: \"" + strings.Repeat("a", 1501) + "\"\n    when: {cron: \"0 8 1 * *\"}\n    units: [DN]\n    source: x\n"
	dir := writeFiles(t, map[string]string{"posts/bad.yaml": bad, "posts/long.yaml": long, "posts/syntax.yaml": "posts:\n  - id: [\n"})
	_, err := content.LoadPostsDir(dir)
	var le *content.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("want a *LoadError, got %v", err)
	}
	msg := err.Error()
	badFile := filepath.Join(dir, "posts", "bad.yaml")
	for _, want := range []string{
		badFile + `:2: post id "Bad_ID" may only contain a-z, 0-9 and '-'`,
		badFile + `:4: post "Bad_ID" must be plain text: found "<b>"`,
		badFile + `:6: cron of post "Bad_ID" fires more than once a day`,
		badFile + `:7: "*" in post "Bad_ID" means every member: list it alone`,
		badFile + `:9: post "thieu-when" has no "when"`,
		badFile + `:17: image_url of post "ngay-sai" must be an https URL`,
		badFile + `:19: date "02-30" of post "ngay-sai" does not exist`,
		badFile + `:19: date "8/3" of post "ngay-sai" must be MM-DD`,
		badFile + `:20: "time" of post "ngay-sai" must be HH:MM`,
		badFile + `:21: "units" of post "ngay-sai" is empty`,
		badFile + `:22: unknown field "colour" in a post`,
		badFile + `:14: post "ngay-sai" has no "source"`,
		badFile + `:26: "when" of post "ca-hai" has both cron and dates`,
		badFile + `:29: post id "thieu-when" is already used at ` + badFile + `:9`,
		filepath.Join(dir, "posts", "long.yaml") + `:4: text of post "dai" has 1501 characters, more than 1500`,
		filepath.Join(dir, "posts", "syntax.yaml") + `:2: YAML syntax`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
}

func TestPostsFolderOverridesEmbedded(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"posts/vneid.yaml": "", // hides the embedded VNeID posts
		"posts/thu.yaml":   validPosts,
	})
	lib, err := content.LoadPosts(dir)
	if err != nil {
		t.Fatal(err)
	}
	if lib.Post("vneid-lua-dao") != nil {
		t.Fatal("an empty vneid.yaml must hide the embedded VNeID posts")
	}
	if lib.Post("thu-nghiem") == nil || lib.Post("5k3s-tam-tieu-chi") == nil {
		t.Fatal("want the folder's posts and the other embedded ones")
	}
	n := len(lib.Posts())

	// A broken edit keeps the posts being served.
	if err := os.WriteFile(filepath.Join(dir, "posts", "thu.yaml"), []byte("posts: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := lib.Reload(); err == nil || !strings.Contains(err.Error(), "thu.yaml:1: \"posts\" must be a list") {
		t.Fatalf("reload of a broken file: %v", err)
	}
	if len(lib.Posts()) != n || lib.Post("thu-nghiem") == nil {
		t.Fatal("a failed reload must keep the previous posts")
	}
	if err := os.Remove(filepath.Join(dir, "posts", "thu.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := lib.Reload(); err != nil {
		t.Fatal(err)
	}
	if lib.Post("thu-nghiem") != nil {
		t.Fatal("a removed file's posts must go on reload")
	}
}
