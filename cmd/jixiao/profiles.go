package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"jixiao"
	"jixiao/templates"
)

func runProfiles(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("profiles", help{
		summary:  "列出内置表式：编号和简称（网页的表式选单也用它）、名称、制发机关、附件标注、评分表指标数和总分。报告用 \"profile\" 字段或 --profile 选用表式。",
		examples: []string{"jixiao profiles"},
	}, stderr)
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "profiles", "不需要参数，实际给了 %q", fs.Arg(0))
	}
	for _, p := range templates.Profiles() {
		def := ""
		if p.ID == templates.DefaultProfile {
			def = "（默认）"
		}
		attachment := p.Attachment
		if a := p.Cover.Attachment; a != "" && a != p.Attachment {
			attachment = "报告 " + a + "，评分表 " + p.Attachment
		}
		fmt.Fprintf(stdout, "%s%s  %s\n  %s\n  制发：%s（制）  附件：%s  标题：%s\n  评分表：%d 个一级指标，%d 项，总分 %s\n",
			p.ID, def, p.Label(), p.Name, p.Issuer, attachment, strings.Join(p.Title, " / "),
			len(p.Tree), len(p.Items()), p.Total())
	}
	return 0
}

// loadProfile loads the profile that --profile names, before any report is
// read: when it cannot be loaded, its problems are printed once (each naming
// the profile file and the place in it), then a line saying that the profile,
// not a report, stopped the command (cmd, then what was not done), and it
// returns false. It returns the profile ("" names the default).
func loadProfile(stderr io.Writer, cmd, name, notDone string) (*jixiao.Profile, bool) {
	p, err := templates.Profile(name)
	if err == nil {
		return p, true
	}
	var ie *jixiao.InputError
	if errors.As(err, &ie) {
		for _, p := range ie.Problems {
			fmt.Fprintln(stderr, p.Format(ie.File))
		}
	} else {
		fmt.Fprintf(stderr, "jixiao %s：%v\n", cmd, err)
	}
	fmt.Fprintf(stderr, "jixiao %s：无法载入表式 %s，%s\n", cmd, name, notDone)
	return nil, false
}
