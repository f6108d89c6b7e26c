//go:build linux

package disk

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"time"
)

// notTheMaker reports whether the process with the pid cannot have made a
// file last written at made, though kill(pid, 0) finds it: the pid is a thread
// of another process (kill finds threads too), or the process started after
// made (the pid of a killed run, given to a new process since). When /proc
// cannot tell, it says false and the pid is taken as the maker's.
func notTheMaker(pid int, made time.Time) bool {
	dir := "/proc/" + strconv.Itoa(pid)
	status, err := os.ReadFile(dir + "/status")
	if err != nil {
		return false
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "Tgid:"); ok {
			if tgid, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && tgid != pid {
				return true
			}
			break
		}
	}
	start, ok := startTime(dir)
	// /proc gives the boot time to the second: allow for it.
	return ok && start.After(made.Add(2*time.Second))
}

// startTime is when the process of a /proc folder started: field 22 of its
// stat, in clock ticks after boot (USER_HZ, 100 on every Linux the tool runs on).
func startTime(dir string) (time.Time, bool) {
	stat, err := os.ReadFile(dir + "/stat")
	if err != nil {
		return time.Time{}, false
	}
	i := bytes.LastIndexByte(stat, ')') // the command name may hold spaces and brackets
	if i < 0 {
		return time.Time{}, false
	}
	fields := strings.Fields(string(stat[i+1:]))
	if len(fields) < 20 {
		return time.Time{}, false
	}
	ticks, err := strconv.ParseUint(fields[19], 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	boot, ok := bootTime()
	if !ok {
		return time.Time{}, false
	}
	return boot.Add(time.Duration(ticks) * (time.Second / 100)), true
}

// bootTime is when the system started (btime of /proc/stat).
func bootTime() (time.Time, bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return time.Time{}, false
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			s, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return time.Unix(s, 0), err == nil
		}
	}
	return time.Time{}, false
}
