package content

import (
	"embed"
	"io/fs"
	"path"
)

// unitFiles holds the sample unit tree shipped with the bot, so it runs with
// something real on first start. Operators replace it with their own file
// (bot admin units import FILE).
//
//go:embed units/*.csv
var unitFiles embed.FS

// SampleUnits returns the sample unit tree (CSV: code,name,parent,kind) and
// its file name for error messages: today's Đồng Nai province with real
// commune and ward names where a public source gives them and generated
// names marked "(mẫu)" elsewhere; the file's comment lines name the sources.
func SampleUnits() ([]byte, string) {
	names, err := fs.Glob(unitFiles, "units/*.csv")
	if err != nil || len(names) == 0 {
		panic("content: no embedded unit tree") // impossible: go:embed fails the build first
	}
	data, err := unitFiles.ReadFile(names[0])
	if err != nil {
		panic("content: read embedded unit tree: " + err.Error())
	}
	return data, path.Base(names[0])
}
