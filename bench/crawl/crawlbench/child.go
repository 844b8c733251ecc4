package crawlbench

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Measurement is what one child process used.
type Measurement struct {
	Wall     time.Duration // from start to exit
	User     time.Duration // CPU in user mode (rusage)
	Sys      time.Duration // CPU in the kernel (rusage)
	MaxRSS   int64         // peak resident set, bytes (rusage ru_maxrss)
	ExitCode int
	Samples  []Sample // RSS every sampling interval, when asked for
}

// CPU is user plus system time.
func (m Measurement) CPU() time.Duration { return m.User + m.Sys }

// Sample is the child's memory at one moment, from /proc/PID/status.
type Sample struct {
	T        time.Duration // since the child started
	VmRSS    int64         // bytes: anonymous + file-backed + shared
	RssAnon  int64         // bytes: heap, stacks
	RssFile  int64         // bytes: mapped files (the binary, the state store's mmap)
	Progress int64         // the progress function's value, -1 without one
}

// Measure runs cmd to its end and measures it. With every > 0 it samples
// the child's RSS at that interval, calling progress (if not nil) at each
// sample. A non-zero exit is not an error: see ExitCode.
func Measure(cmd *exec.Cmd, every time.Duration, progress func() int64) (Measurement, error) {
	var m Measurement
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return m, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	stop := make(chan struct{})
	sampled := make(chan []Sample, 1)
	go func() {
		var out []Sample
		if every <= 0 {
			sampled <- out
			return
		}
		t := time.NewTicker(every)
		defer t.Stop()
		sample := func() {
			s, ok := readStatus(cmd.Process.Pid)
			if !ok {
				return
			}
			s.T = time.Since(start)
			s.Progress = -1
			if progress != nil {
				s.Progress = progress()
			}
			out = append(out, s)
		}
		sample()
		for {
			select {
			case <-stop:
				sampled <- out
				return
			case <-t.C:
				sample()
			}
		}
	}()
	err := cmd.Wait()
	m.Wall = time.Since(start)
	close(stop)
	m.Samples = <-sampled
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return m, fmt.Errorf("run %s: %w", cmd.Path, err)
	}
	ps := cmd.ProcessState
	m.ExitCode = ps.ExitCode()
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		m.User = time.Duration(ru.Utime.Nano())
		m.Sys = time.Duration(ru.Stime.Nano())
		m.MaxRSS = ru.Maxrss * 1024 // KiB on Linux
	}
	return m, nil
}

// readStatus reads VmRSS, RssAnon and RssFile of a process; ok is false
// once it has exited.
func readStatus(pid int) (Sample, bool) {
	var s Sample
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return s, false
	}
	found := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			continue
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		switch k {
		case "VmRSS":
			s.VmRSS, found = kb*1024, true
		case "RssAnon":
			s.RssAnon = kb * 1024
		case "RssFile":
			s.RssFile = kb * 1024
		}
	}
	return s, found
}

// tail is the last n bytes of a file, for error messages.
func tail(path string, n int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return ""
	}
	off := max(st.Size()-n, 0)
	buf := make([]byte, st.Size()-off)
	_, _ = f.ReadAt(buf, off)
	return string(buf)
}
