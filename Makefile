# Parley: one plain Makefile (see ../shared/STYLE.md, Build).
#   make            ./parley
#   make asan       ./parley-asan (-fsanitize=address,undefined)
#   make unit       build and run the cmocka unit tests (unit-asan: sanitized)
#   make fuzz       build the libFuzzer targets and run each for a few seconds
#   make test       everything: scripts/test.sh
#   make bench      benchmarks (bench/run.sh)
#   make bench-callgrind  instructions per request of each bench row
#                   (bench/callgrind.sh)
#   make bench-search  search, views and exports over 1,000,000 tickets
#                   (bench/search_bench.sh; TICKETS=N to change)

PKGS     := libmicrohttpd jansson sqlite3 libsodium gmime-3.0 libcurl
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Wshadow -Wno-unused-parameter -Wstrict-prototypes -Werror
CPPFLAGS := -Isrc -Ibuild $(shell pkg-config --cflags $(PKGS))
LDLIBS   := $(shell pkg-config --libs $(PKGS)) -lpthread -lm
STD      := -std=gnu17

SRC  := $(sort $(wildcard src/*.c src/*/*.c))
LIB  := $(filter-out src/main.c,$(SRC))
MIGS := $(sort $(wildcard src/store/migrations/*.sqlite.sql))

OBJ      := $(patsubst src/%.c,build/obj/%.o,$(SRC)) build/obj/migrations.o
ASAN_OBJ := $(patsubst src/%.c,build/asan/%.o,$(SRC)) build/asan/migrations.o
ASANFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Quiet by default: one line per file; `make V=1` shows whole commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all asan unit unit-asan unit-valgrind fuzz test bench bench-callgrind bench-search clean
all: parley

parley: $(OBJ)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

parley-asan: $(ASAN_OBJ)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ASANFLAGS) -o $@ $^ $(LDLIBS)

asan: parley-asan

build/migrations.c: $(MIGS) scripts/embed-sql.sh
	@mkdir -p build
	sh scripts/embed-sql.sh $(MIGS) > $@

build/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STD) $(CFLAGS) $(WARN) $(CPPFLAGS) -MMD -MP -c -o $@ $<

build/obj/migrations.o: build/migrations.c
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STD) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

build/asan/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STD) $(ASANFLAGS) $(WARN) $(CPPFLAGS) -MMD -MP -c -o $@ $<

build/asan/migrations.o: build/migrations.c
	@mkdir -p build/asan
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STD) $(ASANFLAGS) $(CPPFLAGS) -c -o $@ $<

# Unit tests: one cmocka program per module, linked against an archive of
# the library objects.  A test may #include a src/ .c file to reach its
# static functions: the linker then takes that module from the test and
# never pulls its member out of the archive.
CMOCKA    := $(shell pkg-config --libs cmocka)
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(patsubst tests/unit/%.c,build/unit/%,$(UNIT_SRC))
UNIT_ASAN := $(patsubst tests/unit/%.c,build/unit-asan/%,$(UNIT_SRC))
LIB_OBJ   := $(filter-out build/obj/main.o,$(OBJ))
LIB_ASAN  := $(filter-out build/asan/main.o,$(ASAN_OBJ))

build/libparley.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

build/libparley-asan.a: $(LIB_ASAN)
	rm -f $@
	$(AR) rcs $@ $^

build/unit/%: tests/unit/%.c build/libparley.a
	@mkdir -p build/unit
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STD) $(CFLAGS) $(WARN) $(CPPFLAGS) -MMD -MP -o $@ $< build/libparley.a $(LDLIBS) $(CMOCKA)

build/unit-asan/%: tests/unit/%.c build/libparley-asan.a
	@mkdir -p build/unit-asan
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STD) $(ASANFLAGS) $(WARN) $(CPPFLAGS) -MMD -MP -o $@ $< build/libparley-asan.a $(LDLIBS) $(CMOCKA)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

# The unit tests under valgrind's memcheck: catches reads of uninitialized
# memory, which ASan does not.
unit-valgrind: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== valgrind $$t"; \
		valgrind -q --error-exitcode=1 --suppressions=tests/unit/valgrind.supp $$t >/dev/null; done

unit-asan: $(UNIT_ASAN)
	@set -e; for t in $(UNIT_ASAN); do echo "== $$t"; $$t; done

# Fuzz targets (libFuzzer, clang): tests/fuzz/fuzz_NAME.c, seeded from the
# committed corpus tests/fuzz/corpus/NAME; new inputs go to build/fuzz/.
# Each runs FUZZ_SECONDS.  Not part of `make test`.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 10
FUZZFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_OBJ := $(patsubst src/%.c,build/fuzz/obj/%.o,$(LIB)) build/fuzz/obj/migrations.o

build/fuzz/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(STD) $(FUZZFLAGS) -fsanitize=fuzzer-no-link $(WARN) $(CPPFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/obj/migrations.o: build/migrations.c
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(STD) $(FUZZFLAGS) $(CPPFLAGS) -c -o $@ $<

build/fuzz/libparley.a: $(FUZZ_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

build/fuzz/%: tests/fuzz/%.c build/fuzz/libparley.a
	$(FUZZ_CC) $(STD) $(FUZZFLAGS) -fsanitize=fuzzer $(WARN) $(CPPFLAGS) -MMD -MP -o $@ $< build/fuzz/libparley.a $(LDLIBS)

fuzz: $(FUZZ_BIN)
	@set -e; for t in $(FUZZ_BIN); do n=$${t#build/fuzz/fuzz_}; \
	  mkdir -p build/fuzz/corpus/$$n; echo "== $$t ($(FUZZ_SECONDS)s)"; \
	  $$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    build/fuzz/corpus/$$n tests/fuzz/corpus/$$n; done

# Benchmark servers (bench/README.md).
BENCH_BIN := build/bench/baseline_http build/bench/baseline_insert

build/bench/%: bench/%.c
	@mkdir -p build/bench
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(STD) $(CFLAGS) $(WARN) $(CPPFLAGS) -MMD -MP -o $@ $< $(LDLIBS)

test:
	bash scripts/test.sh

bench: parley $(BENCH_BIN)
	bash bench/run.sh

bench-callgrind: parley
	bash bench/callgrind.sh

bench-search: parley
	bash bench/search_bench.sh

clean:
	rm -rf build parley parley-asan

-include $(wildcard build/obj/*.d build/obj/*/*.d build/asan/*.d build/asan/*/*.d \
	build/unit/*.d build/unit-asan/*.d build/bench/*.d build/fuzz/*.d build/fuzz/obj/*/*.d)
