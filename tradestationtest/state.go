package tradestationtest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/tradestation-go/tradestation/internal/sim"
)

// stateFile is the file of WithStateFile.
type stateFile struct {
	path    string
	changed chan struct{} // holds a token while a write is due
	mu      sync.Mutex    // one write at a time
}

// openState starts the simulator from the file at path, or a new one that
// it writes there at once (so that a path that cannot be written fails at
// the start, not at the first order).
func openState(path string, cfg sim.Config) (*sim.Sim, *stateFile, error) {
	f := &stateFile{path: path, changed: make(chan struct{}, 1)}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s := sim.New(cfg)
		if err := f.write(s); err != nil {
			return nil, nil, err
		}
		return s, f, nil
	case err != nil:
		return nil, nil, fmt.Errorf("tradestationtest: reading the state file: %w", err)
	}
	s, err := sim.Restore(cfg, data)
	if err != nil {
		return nil, nil, fmt.Errorf("tradestationtest: state file %s: %v", path, err)
	}
	return s, f, nil
}

// poke asks for a write; it never blocks (it runs with the simulator
// locked).
func (f *stateFile) poke() {
	select {
	case f.changed <- struct{}{}:
	default:
	}
}

// write saves the simulator's state atomically: to a new file in the same
// directory, synced, then renamed over the old one.
func (f *stateFile) write(s *sim.Sim) error {
	data, err := s.MarshalState()
	if err != nil {
		return fmt.Errorf("tradestationtest: encoding the state: %w", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	tmp, err := os.CreateTemp(filepath.Dir(f.path), "."+filepath.Base(f.path)+".*")
	if err != nil {
		return fmt.Errorf("tradestationtest: writing the state file: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	// CreateTemp makes the file 0600 on Unix already; Chmod says so on every
	// system.
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.Write(append(data, '\n'))
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), f.path)
	}
	if err != nil {
		return fmt.Errorf("tradestationtest: writing the state file: %w", err)
	}
	return nil
}

// startSaver writes the state file whenever it is due, until the server
// closes (Close then writes it one last time).
func (s *Server) startSaver() {
	if s.state == nil || !s.enter() {
		return
	}
	go func() {
		defer s.wg.Done()
		for {
			select {
			case <-s.closing:
				return
			case <-s.state.changed:
				// A failed write is tried again at the next change, and
				// SaveState reports it.
				_ = s.state.write(s.sim)
			}
		}
	}()
}

// SaveState writes WithStateFile's file now and reports whether that
// worked. The server also writes it on its own, after every change and
// when it closes; SaveState is for a program that must know that the
// state was kept.
func (s *Server) SaveState() error {
	if s.state == nil {
		return errors.New("tradestationtest: SaveState needs a server made WithStateFile")
	}
	return s.state.write(s.sim)
}
