#include "textflag.h"

// func addRowSSE2(p []float64, row []float32, scale float64)
// p[c] += float64(row[c]) * scale for c < len(row), two classes a step.
TEXT ·addRowSSE2(SB), NOSPLIT, $0-56
	MOVQ	p_base+0(FP), DI
	MOVQ	row_base+24(FP), SI
	MOVQ	row_len+32(FP), CX
	MOVSD	scale+48(FP), X0
	SHUFPD	$0, X0, X0
add4:
	CMPQ	CX, $4
	JLT	add2
	CVTPS2PD	(SI), X1
	CVTPS2PD	8(SI), X3
	MULPD	X0, X1
	MULPD	X0, X3
	MOVUPD	(DI), X2
	MOVUPD	16(DI), X4
	ADDPD	X2, X1
	ADDPD	X4, X3
	MOVUPD	X1, (DI)
	MOVUPD	X3, 16(DI)
	ADDQ	$16, SI
	ADDQ	$32, DI
	SUBQ	$4, CX
	JMP	add4
add2:
	CMPQ	CX, $2
	JLT	add1
	CVTPS2PD	(SI), X1
	MULPD	X0, X1
	MOVUPD	(DI), X2
	ADDPD	X2, X1
	MOVUPD	X1, (DI)
	ADDQ	$8, SI
	ADDQ	$16, DI
	SUBQ	$2, CX
add1:
	CMPQ	CX, $0
	JEQ	addDone
	CVTSS2SD	(SI), X1
	MULSD	X0, X1
	ADDSD	(DI), X1
	MOVSD	X1, (DI)
addDone:
	RET

// func updateRowSSE2(row []float32, scaled []float64, lr, l2 float64)
// row[c] = row[c] - float32(lr*(scaled[c]+l2*float64(row[c]))) for
// c < len(row), two classes a step.
TEXT ·updateRowSSE2(SB), NOSPLIT, $0-64
	MOVQ	row_base+0(FP), SI
	MOVQ	row_len+8(FP), CX
	MOVQ	scaled_base+24(FP), DI
	MOVSD	lr+48(FP), X5
	SHUFPD	$0, X5, X5
	MOVSD	l2+56(FP), X6
	SHUFPD	$0, X6, X6
up2:
	CMPQ	CX, $2
	JLT	up1
	MOVQ	(SI), X1
	CVTPS2PD	X1, X2
	MULPD	X6, X2
	MOVUPD	(DI), X3
	ADDPD	X3, X2
	MULPD	X5, X2
	CVTPD2PS	X2, X2
	SUBPS	X2, X1
	MOVQ	X1, (SI)
	ADDQ	$8, SI
	ADDQ	$16, DI
	SUBQ	$2, CX
	JMP	up2
up1:
	CMPQ	CX, $0
	JEQ	upDone
	MOVSS	(SI), X1
	CVTSS2SD	X1, X2
	MULSD	X6, X2
	ADDSD	(DI), X2
	MULSD	X5, X2
	CVTSD2SS	X2, X2
	SUBSS	X2, X1
	MOVSS	X1, (SI)
upDone:
	RET
