package render

import (
	"fmt"
	"os/exec"
)

// candidates are the executables Find looks for on PATH, in order.
var candidates = []string{"chromium", "chromium-browser", "google-chrome"}

// debianBinary is the browser behind Debian's /usr/bin/chromium, a shell
// launcher that adds flags of its own (--enable-remote-extensions among
// them, which turns extension and component updates back on) and exports
// Google API keys. Find prefers the binary itself when it is there.
var debianBinary = "/usr/lib/chromium/chromium"

// Find returns the Chromium executable to run: path when it is set (an
// executable file, or a name looked up on PATH), else Debian's
// /usr/lib/chromium/chromium (the binary behind its /usr/bin/chromium
// launcher), else the first of chromium, chromium-browser and
// google-chrome on PATH. When none is found
// the error wraps ErrNoChromium, whose text names the Debian package to
// install. Find never downloads a browser.
func Find(path string) (string, error) {
	if path != "" {
		p, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("browser_path %q: %w (%v)", path, ErrNoChromium, err)
		}
		return p, nil
	}
	if p, err := exec.LookPath(debianBinary); err == nil {
		return p, nil
	}
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}
