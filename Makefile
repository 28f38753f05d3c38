# Loa — one command to run, one to test. See README.md.
GO        ?= go
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT       := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get
BENCHTIME ?= 1s

# Build without the checkout's absolute path in the binaries, so that the
# build cache serves a fresh clone in another folder (CI's, a second
# worktree) as it serves the first: with the path in the cache key, `make
# test` in a new clone compiled every package again, race and plain, for
# vet and for staticcheck — more CPU than all the tests but ./bot.
export GOFLAGS += -trimpath

.PHONY: run test lint bench soak fuzz build vet deps-run deps-test clean

## run: start the bot (web chat on http://127.0.0.1:8080, private redis-server under ./data)
run: deps-run
	$(GO) run ./bot

## build: build the bot binary into ./bin/bot
build:
	$(GO) build -o bin/bot ./bot

# staticcheck finds what vet does not (unused code, values never read,
# writes to nil maps); the version is pinned so a new release cannot fail a
# build that passed. `go run` fetches it once into the module cache.
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
# gofmt -l lists the Go files not formatted as gofmt would; any fails lint.
GOFMTCHECK = files=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './data/*')); [ -z "$$files" ] || { echo "gofmt needed: $$files"; false; }

# Packages tested without the race detector: ./bot (the whole program,
# end to end, started about 70 times; see README) and the conversation and
# content packages (and handlers/address, whose tests rewrite every answer
# of the knowledge base: 150 s under -race), which start no goroutines and whose matching is
# CPU-bound (8x slower under -race). Every other package runs with -race.
NORACE   := loa/bot loa/content loa/handlers loa/handlers/chart loa/handlers/address
# Isolated tests run in parallel (each has its own redis-server, fake
# platform servers and ports). The race-checked packages run 4 at a time.
# ./bot and the other packages without -race run 8 at a time: once no
# test of ./bot ran alone first, it was waiting rather than CPU-bound — on
# this 2-core machine, alone, 255 s with 4 at once, 148 s with 8, 127 s
# with 16 (the same ~135 CPU-s at 4 and 8, 164 at 16, where a start
# timed out): 8 is the knee.
PARALLEL ?= 4
E2EPARALLEL ?= 8
# Packages tested at once (go test's -p; its default is the number of
# cores). Most packages' tests wait on Redis, pacing and fake platforms
# rather than compute, and with 2 at a time the 20-odd race-checked
# packages queued one behind the other (their in-run times summed to about
# twice the suite's wall time), and ./handlers waited for ./content. The
# race-checked packages alone at load ~6: 105 s wall / 73 CPU-s at 2,
# 71 s / 68 CPU-s at 4.
PKGPARALLEL ?= 4
TESTFLAGS = -count=1 -timeout 18m -p $(PKGPARALLEL) -parallel $(PARALLEL)
E2EFLAGS = -count=1 -timeout 18m -p $(PKGPARALLEL) -parallel $(E2EPARALLEL)
# The race-checked packages with the longest runs, listed first so that go
# test starts them first instead of last (it starts packages in the order
# given).
SLOWRACE := loa/store loa/bot/delivery loa/scheduler loa/bot/webchat loa/chat
# Tests that bound wall-clock rates, pauses and timeouts (the delivery
# engine's, the fake Telegram's): the race detector slows the code several-
# fold and would fail them on a busy machine, so they run without it, last,
# when the machine is quieter. The race run covers every other test.
# TestTwoReplicasShareOneNotice checks two bot processes together against
# the fake Telegram's per-second limit: beside the race-checked suite a
# request reached the fake over 75 ms after its slot (one 429 at a 50/s
# peak on a clean-clone run), so it runs here too.
TIMED := ^(TestTwoEnginesShareWorkAndLimitWithoutDuplicates|TestUrgentReplyGoesNextInABusyGroup|TestUrgentReplyNeedsNoFreeWorker|TestUrgentReplyKeepsItsPlaceAcrossACrash|TestGroupChatGetsTwentyAMinute|TestFloodStormPausesTokenExactlyRetryAfter|TestCancelStopsNoticeAndProgressIsThrottled|TestReplyOvertakesRunningNotice|TestEachPlatformTokenHasItsOwnLimiter|TestAnswerCallbackQuery|TestRateLimits|TestTwoReplicasShareOneNotice)$$
TIMEDPKGS := ./bot/delivery ./bot/telegram/telegramtest ./bot

## test: vet, staticcheck and every test (installs redis-server and chromium when missing)
# vet and staticcheck run alongside the tests (the end-to-end tests spend
# much of their time waiting on pacing, so the CPU has room); their
# findings fail the target like a failing test. The real `bot` binary that
# ./bot's tests start is built before they start (LOA_TEST_BOT_BINARY:
# inside the test process the first test to need it waited for the link,
# ~45 s at load 20) and its trained models are kept in one folder for every
# start of it, the supervisor test's child process included
# (LOA_TEST_MODEL_CACHE). Running ./bot's longest suites (scale-out, kill
# -9) in a second process beside the rest was measured and left: ./bot
# 165 s -> 153 s in-run, but 139 -> 178 CPU-s. The test processes share
# the models they train in one more folder, keyed on the training examples
# alone and so made new for every run (LOA_TEST_SHARED_MODELS, see
# content/sharedmodels.go): content, handlers and bot each trained the
# embedded knowledge base's classifiers, and ./content trained some twice
# once its memo had let them go.
#
# Both model folders outlive the run, in the user's cache (TESTMODELS), as
# the build cache does: training was the largest part of the suite's CPU
# (the embedded knowledge base, the variants that tests load, the cross-
# validation folds: about 25 entry classifiers at ~2.5 CPU-s each, ~110 of
# a warm run's ~400 CPU-s) and every run trained the same models again.
# Reusing them is safe only when the key covers everything that shapes the
# weights: the bot's model cache is keyed on its executable by design
# (content/modelcache.go); the shared folder's key is the material alone,
# so it lives in a sub-folder named after the build ID of the compiled
# loa/content package, which go derives from its source, its embedded
# files, every dependency's and the toolchain's (a change to the
# normaliser, the features or the trainer gets a new, empty folder). The
# others, the oldest first, are removed beyond TESTMODELSKEEP.
TESTMODELS ?= $${XDG_CACHE_HOME:-$$HOME/.cache}/loa/test-models
TESTMODELSKEEP ?= 2
test: deps-test
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	code=$$($(GO) list -export -f '{{.BuildID}}' loa/content | sha256sum | cut -c1-24) || exit 1; \
	models="$(TESTMODELS)"; mkdir -p "$$models/bot" "$$models/shared-$$code"; touch "$$models/shared-$$code"; \
	ls -1dt "$$models"/shared-* | tail -n +$$(($(TESTMODELSKEEP) + 1)) | xargs -r rm -rf; \
	export LOA_TEST_BOT_BINARY="$$tmp/bot" LOA_TEST_MODEL_CACHE="$$models/bot" LOA_TEST_SHARED_MODELS="$$models/shared-$$code"; \
	{ $(GOFMTCHECK) && $(GO) vet ./... && $(STATICCHECK) ./...; } & lint=$$!; \
	norace="$(NORACE)"; race=$$($(GO) list ./... | grep -vxF "$$(printf '%s\n' $$norace $(SLOWRACE))"); race="$(SLOWRACE) $$race"; \
	echo "$(GO) vet ./... && staticcheck ./... & $(GO) test -race $(TESTFLAGS) -skip '$(TIMED)' <$$(echo $$race | wc -w) packages> & $(GO) test $(E2EFLAGS) -skip '$(TIMED)' $$norace"; \
	$(GO) test -race $(TESTFLAGS) -skip '$(TIMED)' $$race & pid=$$!; \
	$(GO) build -o "$$tmp/bot" ./bot || { wait; exit 1; }; \
	$(GO) test $(E2EFLAGS) -skip '$(TIMED)' $$norace; rc=$$?; wait $$pid; rc=$$((rc | $$?)); \
	$(GO) test $(TESTFLAGS) -run '$(TIMED)' $(TIMEDPKGS) || rc=1; \
	wait $$lint || { echo "gofmt, vet or staticcheck found problems (above)"; rc=1; }; exit $$rc

## lint: vet and staticcheck only
lint:
	$(GOFMTCHECK)
	$(GO) vet ./...
	$(STATICCHECK) ./...

## bench: run the benchmarks the issues ask for (see README for the figures)
bench: deps-test
	$(GO) test -run '^$$' -bench . -skip '^BenchmarkNoticeUnderFaults$$' -benchmem -benchtime $(BENCHTIME) -timeout 60m ./...

## soak: the fault suite, 20 runs in a row (not part of `make test`: about half an hour). Each run
## sends a 20,000-member notice while the bot is killed with SIGKILL, Redis is restarted and
## frozen, and Telegram answers 502 for 30 s; 0 doubled, 0 silently lost. SOAKRUNS=20 by default.
SOAKRUNS ?= 20
soak: deps-test
	$(GO) test -run '^$$' -bench '^BenchmarkNoticeUnderFaults$$' -benchtime $(SOAKRUNS)x -timeout 6h -v ./bot

## fuzz: a short run of every fuzz target (the seed corpus runs in `make test`)
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzNormalize$$' -fuzztime 30s ./content
	$(GO) test -run '^$$' -fuzz '^FuzzAsk$$' -fuzztime 30s ./content
	$(GO) test -run '^$$' -fuzz '^FuzzWebhook$$' -fuzztime 30s ./bot/telegram

deps-run:
	@command -v redis-server >/dev/null || { $(APT) update -qq && $(APT) install -y -qq redis-server; }

deps-test: deps-run
	@command -v chromium >/dev/null || { $(APT) update -qq && $(APT) install -y -qq chromium; }

clean:
	rm -rf bin
