package handlers_test

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
