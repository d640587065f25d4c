package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/tollgate/tollgate/runtime/config"
	"github.com/tollgate/tollgate/runtime/host"
)

// reloadOnHangup reloads the [[module]] tables of the config at path on every SIGHUP
// until the returned stop is called. A config that no longer loads is reported and
// changes nothing: the server keeps serving what it had.
func reloadOnHangup(ctx context.Context, h *host.Host, path string, getenv func(string) string) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			select {
			case <-hup:
				reload(ctx, h, path, getenv)
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		close(done)
		<-finished
	}
}

func reload(ctx context.Context, h *host.Host, path string, getenv func(string) string) {
	if path == "" {
		h.Logger().Warn("reload: SIGHUP received, but the server was started without a config file (--config or TOLLGATE_CONFIG); nothing to reload")
		return
	}
	cfg, err := config.Load(path, getenv)
	if err != nil {
		h.Logger().Error("reload: the config does not load; keeping the modules already served", "err", err.Error())
		return
	}
	h.Reload(ctx, cfg)
}
