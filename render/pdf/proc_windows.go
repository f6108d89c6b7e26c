package pdf

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// contain puts LibreOffice in a job object that kills every process in it
// when its last handle closes: when the conversion ends, when it is
// cancelled, and when jixiao dies in any way, since Windows closes a dead
// process's handles. The process starts suspended and runs only once it is in
// the job, so that nothing it starts can escape. When the job cannot be made
// (Windows 7 inside another job), LibreOffice runs without one and cancelling
// kills only the launcher.
func contain(cmd *exec.Cmd) (started func() error, release func()) {
	job, err := newKillJob()
	if err != nil {
		return func() error { return nil }, func() {}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: windows.CREATE_SUSPENDED}
	cmd.Cancel = func() error {
		return errors.Join(windows.TerminateJobObject(job, 1), cmd.Process.Kill())
	}
	started = func() error {
		pid := uint32(cmd.Process.Pid)
		h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, pid)
		if err == nil {
			err = windows.AssignProcessToJobObject(job, h)
			err = errors.Join(err, windows.CloseHandle(h))
		}
		// Resume even when the job failed, or the process would hang.
		if rerr := resumeProcess(pid); rerr != nil {
			return errors.Join(fmt.Errorf("cannot start LibreOffice: %w", rerr), cmd.Process.Kill())
		}
		return nil
	}
	release = func() {
		if err := windows.CloseHandle(job); err != nil {
			return // the handle goes when jixiao exits
		}
	}
	return started, release
}

func newKillJob() (windows.Handle, error) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return 0, err
	}
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{
		BasicLimitInformation: windows.JOBOBJECT_BASIC_LIMIT_INFORMATION{
			LimitFlags: windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
		},
	}
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		return 0, errors.Join(err, windows.CloseHandle(job))
	}
	return job, nil
}

// resumeProcess resumes the threads of a process created suspended (it has
// one, its main thread).
func resumeProcess(pid uint32) (err error) {
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPTHREAD, 0)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, windows.CloseHandle(snap)) }()
	te := windows.ThreadEntry32{Size: uint32(unsafe.Sizeof(windows.ThreadEntry32{}))}
	resumed := 0
	for terr := windows.Thread32First(snap, &te); terr == nil; terr = windows.Thread32Next(snap, &te) {
		if te.OwnerProcessID != pid {
			continue
		}
		th, err := windows.OpenThread(windows.THREAD_SUSPEND_RESUME, false, te.ThreadID)
		if err != nil {
			return err
		}
		_, rerr := windows.ResumeThread(th)
		if err := errors.Join(rerr, windows.CloseHandle(th)); err != nil {
			return err
		}
		resumed++
	}
	if resumed == 0 {
		return fmt.Errorf("no thread of process %d found", pid)
	}
	return nil
}

// processAlive reports whether a process with this id is running.
func processAlive(pid int) bool {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		// Access denied means it exists (someone else's); anything else, gone.
		return errors.Is(err, windows.ERROR_ACCESS_DENIED)
	}
	var code uint32
	err = windows.GetExitCodeProcess(h, &code)
	if cerr := windows.CloseHandle(h); cerr != nil {
		return true
	}
	const stillActive = 259
	return err != nil || code == stillActive
}

// removePipe does nothing: Windows removes a named pipe with its last handle.
func removePipe(string) {}

// killUsers does nothing: the job object has killed them.
func killUsers(string) {}

// errLocked says that another process holds a lock.
var errLocked = errors.New("locked by another process")

// lockFile creates the file and holds an exclusive lock on it until the
// returned file is closed or the process dies.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if err := lock(f); err != nil {
		return nil, errors.Join(err, f.Close())
	}
	return f, nil
}

// tryLock takes the lock on an existing file if nobody holds it; it returns
// errLocked if someone does.
func tryLock(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	if err := lock(f); err != nil {
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			err = errLocked
		}
		return nil, errors.Join(err, f.Close())
	}
	return f, nil
}

func lock(f *os.File) error {
	var ol windows.Overlapped
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
}
