package disk

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// causes are the system and archive errors a user may meet, in words. The
// first that matches (errors.Is) explains an error.
var causes = []struct {
	err  error
	text string
}{
	{syscall.ENOSPC, "磁盘空间不足"},
	{syscall.EROFS, "磁盘是只读的"},
	{syscall.ENAMETOOLONG, "文件名太长"},
	{syscall.ENOTDIR, "路径中有一部分是文件而不是文件夹"},
	{syscall.EISDIR, "这是一个文件夹"},
	{syscall.ENOTEMPTY, "文件夹不是空的"},
	{syscall.EMFILE, "同时打开的文件太多"},
	{syscall.ENFILE, "同时打开的文件太多"},
	{syscall.EIO, "读写出错（磁盘或网络故障）"},
	{syscall.EXDEV, "不能跨磁盘改名"},
	{fs.ErrPermission, "没有权限"},
	{fs.ErrNotExist, "文件或文件夹不存在"},
	{fs.ErrExist, "已存在"},
	{zip.ErrFormat, "不是有效的压缩包（文件已损坏或不是 Office 文件）"},
	{zip.ErrChecksum, "压缩包校验不符（文件已损坏）"},
	{zip.ErrAlgorithm, "压缩包使用了不支持的压缩方式"},
	{io.ErrUnexpectedEOF, "文件意外结束（不完整）"},
	{context.Canceled, "已中断"},
	{context.DeadlineExceeded, "超时"},
}

// Explain returns the cause of err in Chinese, for the people who read it:
// the common system and archive errors (没有权限, 磁盘空间不足, 不是有效的压缩包
// …) in words, without the library's English text; other errors as they are
// (the tool's own errors are Chinese already).
func Explain(err error) string {
	if err == nil {
		return ""
	}
	for _, c := range causes {
		if errors.Is(err, c.err) {
			return c.text
		}
	}
	// A system error not listed: never the library's English text, nor the
	// path it names (a temporary file's, perhaps).
	switch e := err.(type) {
	case *fs.PathError:
		return Explain(e.Err)
	case *os.LinkError:
		return Explain(e.Err)
	case *os.SyscallError:
		return Explain(e.Err)
	case syscall.Errno:
		return fmt.Sprintf("操作系统报告错误（错误码 %d）", int(e))
	}
	return err.Error()
}

// Chinese returns err with the text Explain gives it; errors.Is and
// errors.As still see err. It returns nil for nil.
func Chinese(err error) error {
	if err == nil {
		return nil
	}
	return &explained{err}
}

type explained struct{ err error }

func (e *explained) Error() string { return Explain(e.err) }
func (e *explained) Unwrap() error { return e.err }
