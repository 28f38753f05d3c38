package handlers_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// openWorkbook reads an .xlsx the bot made (a /xuat reply, ReportWorkbook);
// it is closed when the test ends.
func openWorkbook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}
