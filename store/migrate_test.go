package store_test

import (
	"context"
	"strings"
	"testing"

	"loa/store"
)

// An earlier release kept the unanswered log under "loa:faq:unanswered…"
// without a hash tag. After an upgrade its questions are still listed, and
// a member who asked one can still erase her words.
func TestMigrateKeysMovesTheUnansweredLogOfAnEarlierRelease(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dirStore(t)
	importCSV(t, st, fourLevels)
	register(t, st, "telegram", "4242", "b11")
	rdb := st.Client()
	// What the earlier release wrote for her question and a visitor's.
	q := "vay von hoi phu nu"
	rdb.ZIncrBy(ctx, "loa:faq:unanswered", 1, q) // only she asked it
	rdb.HSet(ctx, "loa:faq:unanswered:sample", q, "Vay vốn Hội Phụ nữ thế nào")
	rdb.SAdd(ctx, "loa:faq:unanswered:by:telegram:4242", q)
	rdb.Set(ctx, "loa:faq:unanswered:anonymous", 5, 0)

	moved, err := st.MigrateKeys(ctx)
	if err != nil || moved != 3 {
		t.Fatalf("migrate: moved %d, %v; want 3", moved, err)
	}
	if again, err := st.MigrateKeys(ctx); err != nil || again != 0 {
		t.Fatalf("second migrate: moved %d, %v; want 0", again, err)
	}
	top, err := st.TopUnanswered(ctx, 10)
	if err != nil || len(top) != 1 || top[0].Normalized != q || top[0].Count != 1 || top[0].Example != "Vay vốn Hội Phụ nữ thế nào" {
		t.Fatalf("after the upgrade: %+v, %v", top, err)
	}
	if n, _ := st.UnansweredAnonymous(ctx); n != 5 {
		t.Fatalf("anonymous count %d, want 5", n)
	}
	for _, old := range []string{"loa:faq:unanswered", "loa:faq:unanswered:sample", "loa:faq:unanswered:anonymous"} {
		if rdb.Exists(ctx, old).Val() != 0 {
			t.Fatalf("%s is still there", old)
		}
	}

	if ok, err := st.Erase(ctx, "telegram", "4242"); err != nil || !ok {
		t.Fatalf("erase: %v %v", ok, err)
	}
	for k, v := range dumpAll(t, st) {
		if strings.Contains(k, "vay von") || strings.Contains(v, "vay von") || strings.Contains(v, "Vay vốn") {
			t.Fatalf("her words survived the upgrade and her erasure: %s = %s", k, v)
		}
	}
}

// A replica of the earlier release may write the old name after a new one
// wrote the new: the old key goes rather than keep words Erase cannot see.
func TestMigrateKeysDropsAnOldKeyWhenTheNewOneExists(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dirStore(t)
	importCSV(t, st, fourLevels)
	register(t, st, "telegram", "4242", "b11")
	if err := st.RecordUnanswered(ctx, store.Identity{Platform: "telegram", UserID: "4242"}, "cau moi", "Câu mới"); err != nil {
		t.Fatal(err)
	}
	rdb := st.Client()
	rdb.HSet(ctx, "loa:faq:unanswered:sample", "cau cu", "Câu cũ")
	if _, err := st.MigrateKeys(ctx); err != nil {
		t.Fatal(err)
	}
	if rdb.Exists(ctx, "loa:faq:unanswered:sample").Val() != 0 {
		t.Fatal("the old sample hash is still there")
	}
	top, _ := st.TopUnanswered(ctx, 10)
	if len(top) != 1 || top[0].Example != "Câu mới" {
		t.Fatalf("the new log was changed: %+v", top)
	}
}

// A namespaced store has no earlier release: it never touches the
// un-namespaced names (another deployment's on the same Redis).
func TestMigrateKeysLeavesOtherDeploymentsAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	plain := dirStore(t)
	rdb := plain.Client()
	rdb.ZIncrBy(ctx, "loa:faq:unanswered", 1, "q")
	ns, err := store.NewNamespaced(rdb, "dongnai")
	if err != nil {
		t.Fatal(err)
	}
	if moved, err := ns.MigrateKeys(ctx); err != nil || moved != 0 {
		t.Fatalf("namespaced migrate moved %d, %v", moved, err)
	}
	if rdb.Exists(ctx, "loa:faq:unanswered").Val() != 1 {
		t.Fatal("a namespaced store moved another deployment's key")
	}
}
