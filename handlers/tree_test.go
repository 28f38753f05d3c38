package handlers_test

import (
	"context"
	"strings"
	"testing"

	"loa/store"
	"loa/store/redistest"
)

// testUnitsCSV is the small tree the handler tests share: a province, two
// communes and three branches.
const testUnitsCSV = `code,name,parent,kind
DN,Tỉnh Đồng Nai,,province
C1,Xã Một,DN,commune
C2,Xã Hai,DN,commune
B11,Chi hội Ấp 1,C1,branch
B12,Chi hội Ấp 2,C1,branch
B21,Chi hội Ấp Bắc,C2,branch
`

// storeWithUnits is a store over a fresh redis-server of the test's own,
// with the test unit tree (testUnitsCSV) imported.
func storeWithUnits(t *testing.T) *store.Store {
	t.Helper()
	st := store.New(redistest.Start(t).Client())
	units, err := store.ParseUnitsCSV(strings.NewReader(testUnitsCSV), "units.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportUnits(context.Background(), units); err != nil {
		t.Fatal(err)
	}
	return st
}
