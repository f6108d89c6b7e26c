package bundle

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"jixiao"
	"jixiao/render/pdf"
)

// The PDF phase (--format pdf). After the feedback sheets are written, every
// unit's report (its Word file) and feedback sheet are converted by
// LibreOffice on up to Options.Jobs processes, into 报告/<name>.pdf and
// 反馈/<name>_反馈单.pdf. After the summary workbook is written, it is
// converted too, and the printable volume 汇总册.pdf is merged: the summary
// table, then for each counted unit its report and its feedback sheet, one
// bookmark per unit.

// VolumeName is the bundle's printable volume.
const VolumeName = "汇总册.pdf"

// wantPDF reports whether the run makes PDFs.
func (r *run) wantPDF() bool { return slices.Contains(r.o.Formats, "pdf") }

// pdfOptions are the options of a conversion: the run's jobs, the PDF
// phase's progress, and the bundle's date in the PDFs (1 January of the year
// after the bundle's, when reports of a year are handed in; the same
// bundle gives the same bytes).
func (r *run) pdfOptions() pdf.Options {
	o := pdf.Options{Jobs: r.o.Jobs, Date: r.pdfDate()}
	if p := r.o.PDFProgress; p != nil {
		o.Progress = func(pr pdf.Progress) { p(pr.Done, pr.Total, pr.Left()) }
	}
	return o
}

func (r *run) pdfDate() time.Time {
	if r.year == 0 {
		return time.Time{}
	}
	return time.Date(r.year+1, 1, 1, 0, 0, 0, 0, time.UTC)
}

// toPDF converts the report and the feedback sheet of every unit the bundle
// takes. A file LibreOffice cannot convert is its unit's problem.
func (r *run) toPDF(ctx context.Context) error {
	var files []pdf.File
	var owner []*unit
	for _, u := range r.units {
		if u.name == "" {
			continue
		}
		if u.status == jixiao.IntakeCounted && u.rendered {
			in := filepath.Join(r.work(), strconv.Itoa(u.index)+".docx") // when only the PDF is asked for
			if doc := UnitsDir + "/" + u.name + ".docx"; slices.Contains(u.outputs, doc) {
				in = filepath.Join(r.tmp, filepath.FromSlash(doc))
			}
			files = append(files, pdf.File{In: in, Out: filepath.Join(r.tmp, UnitsDir, u.name+".pdf")})
			owner = append(owner, u)
		}
		if fb := FeedbackDir + "/" + u.name + feedbackSuffix; slices.Contains(u.outputs, fb) {
			files = append(files, pdf.File{In: filepath.Join(r.tmp, filepath.FromSlash(fb)),
				Out: filepath.Join(r.tmp, filepath.FromSlash(strings.TrimSuffix(fb, ".docx")+".pdf"))})
			owner = append(owner, u)
		}
	}
	if len(files) == 0 {
		return nil
	}
	err := pdf.ConvertAll(ctx, files, r.pdfOptions())
	failed := map[string]error{} // by input
	for _, e := range unwrapAll(err) {
		var fe *pdf.FileError
		if !errors.As(e, &fe) {
			return err // LibreOffice missing, cancelled …: the bundle's
		}
		failed[fe.File] = fe
	}
	for i, f := range files {
		u := owner[i]
		rel, _ := filepath.Rel(r.tmp, f.Out)
		if e := failed[f.In]; e != nil {
			u.problem(jixiao.Error, jixiao.CodeFile, "", "无法转换为 PDF："+e.(*pdf.FileError).Reason)
			continue
		}
		u.outputs = append(u.outputs, filepath.ToSlash(rel))
	}
	for _, u := range r.units { // the reports first, then the feedback sheet
		slices.SortStableFunc(u.outputs, func(a, b string) int {
			feedback := func(s string) int {
				if strings.HasPrefix(s, FeedbackDir+"/") {
					return 1
				}
				return 0
			}
			return cmp.Compare(feedback(a), feedback(b))
		})
	}
	return nil
}

// unwrapAll lists the errors an errors.Join holds; err itself otherwise.
func unwrapAll(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// volumeUnits is the most units a printable volume holds. pdfcpu holds a
// whole volume in memory while it merges it, about 3.5 times its size (a
// unit takes about 330 KB of PDF): a bundle of more units is bound into
// several volumes, so that its memory stays bounded (about 250 MB) whatever
// the number of units, and each volume is a size a printer takes.
const volumeUnits = 200

// volumeNames are the names of the printable volumes of n units: 汇总册.pdf,
// or 汇总册（第1册）.pdf, 汇总册（第2册）.pdf ….
func volumeNames(n int) []string {
	if n <= volumeUnits {
		return []string{VolumeName}
	}
	var names []string
	for i := 0; i*volumeUnits < n; i++ {
		names = append(names, strings.TrimSuffix(VolumeName, ".pdf")+"（第"+strconv.Itoa(i+1)+"册）.pdf")
	}
	return names
}

// writeVolume converts the summary workbook and merges the printable
// volume: 汇总表, then each counted unit (in the summary's order) with its
// report and feedback sheet; beyond volumeUnits units, several volumes, the
// summary at the head of the first.
func (r *run) writeVolume(ctx context.Context) error {
	summary := filepath.Join(r.work(), "汇总表.pdf")
	if err := pdf.ConvertAll(ctx, []pdf.File{{In: filepath.Join(r.tmp, SummaryName), Out: summary}}, pdf.Options{Jobs: 1, Date: r.pdfDate()}); err != nil {
		return fmt.Errorf("无法把%s转换为 PDF：%w", SummaryName, err)
	}
	var units []pdf.Part
	for _, u := range r.units {
		if u.status != jixiao.IntakeCounted {
			continue
		}
		part := pdf.Part{Title: strings.TrimSpace(u.code + " " + u.unit)}
		for _, o := range u.outputs {
			switch {
			case o == UnitsDir+"/"+u.name+".pdf":
				part.Parts = append(part.Parts, pdf.Part{Title: "自评报告", File: filepath.Join(r.tmp, filepath.FromSlash(o))})
			case o == FeedbackDir+"/"+u.name+strings.TrimSuffix(feedbackSuffix, ".docx")+".pdf":
				part.Parts = append(part.Parts, pdf.Part{Title: "反馈单", File: filepath.Join(r.tmp, filepath.FromSlash(o))})
			}
		}
		if len(part.Parts) > 0 {
			units = append(units, part)
		}
	}
	title := r.title(r.profile())
	names := volumeNames(len(units))
	for i, name := range names {
		parts := units[i*volumeUnits : min(len(units), (i+1)*volumeUnits)]
		if i == 0 {
			parts = append([]pdf.Part{{Title: strings.TrimSuffix(SummaryName, ".xlsx"), File: summary}}, parts...)
		}
		t := title
		if len(names) > 1 {
			t += "（第" + strconv.Itoa(i+1) + "册）"
		}
		if err := pdf.Merge(ctx, filepath.Join(r.tmp, name), parts, pdf.MergeOptions{Title: t, Date: r.pdfDate()}); err != nil {
			return fmt.Errorf("无法生成%s：%w", name, err)
		}
		r.volumes = append(r.volumes, name)
	}
	return nil
}
