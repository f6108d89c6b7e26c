package bundle

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"sync"

	"jixiao"
	"jixiao/render/pdf"
)

// The PDF phase, on its own so that it can be swapped: after the intake and
// before the documents are named, every counted unit's .work/<i>.docx is
// converted to .work/<i>.pdf, which nameOutputs then moves with the others.

// pdfBatch is how many documents one LibreOffice call converts.
const pdfBatch = 40

// toPDF converts the Word file of every counted unit to PDF with
// LibreOffice, in batches, on up to two processes (each with its own
// profile).
func toPDF(ctx context.Context, tmp string, units []*unit, jobs int) error {
	var docs []string
	for _, u := range units {
		if u.rendered && u.status == jixiao.IntakeCounted {
			docs = append(docs, filepath.Join(tmp, ".work", strconv.Itoa(u.index)+".docx"))
		}
	}
	var batches [][]string
	for len(docs) > 0 {
		n := min(pdfBatch, len(docs))
		batches = append(batches, docs[:n])
		docs = docs[n:]
	}
	errs := make([]error, len(batches))
	sem := make(chan struct{}, max(1, min(jobs, 2)))
	var wg sync.WaitGroup
	for i, b := range batches {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = pdf.Convert(ctx, filepath.Join(tmp, ".work"), b)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
