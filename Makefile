# Parley: one plain Makefile (see ../shared/STYLE.md, Build).
#   make            ./parley
#   make asan       ./parley-asan (-fsanitize=address,undefined)
#   make unit       build and run the cmocka unit tests
#   make test       everything: scripts/test.sh
#   make bench      benchmarks (bench/run.sh)

PKGS     := libmicrohttpd jansson sqlite3 libsodium
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

.PHONY: all asan unit test bench clean
all: parley

parley: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

parley-asan: $(ASAN_OBJ)
	$(CC) $(ASANFLAGS) -o $@ $^ $(LDLIBS)

asan: parley-asan

build/migrations.c: $(MIGS) scripts/embed-sql.sh
	@mkdir -p build
	sh scripts/embed-sql.sh $(MIGS) > $@

build/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(CFLAGS) $(WARN) $(CPPFLAGS) -MMD -MP -c -o $@ $<

build/obj/migrations.o: build/migrations.c
	$(CC) $(STD) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

build/asan/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(ASANFLAGS) $(WARN) $(CPPFLAGS) -MMD -MP -c -o $@ $<

build/asan/migrations.o: build/migrations.c
	@mkdir -p build/asan
	$(CC) $(STD) $(ASANFLAGS) $(CPPFLAGS) -c -o $@ $<

# Unit tests: one cmocka program per module, linked against the library
# objects (tests reach static functions by including the .c where needed).
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,build/unit/%,$(UNIT_SRC))
UNIT_ASAN := $(patsubst tests/unit/%.c,build/unit-asan/%,$(UNIT_SRC))
LIB_OBJ := $(filter-out build/obj/main.o,$(OBJ))
LIB_ASAN := $(filter-out build/asan/main.o,$(ASAN_OBJ))

build/unit/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p build/unit
	$(CC) $(STD) $(CFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS) $(shell pkg-config --libs cmocka)

build/unit-asan/%: tests/unit/%.c $(LIB_ASAN)
	@mkdir -p build/unit-asan
	$(CC) $(STD) $(ASANFLAGS) $(WARN) $(CPPFLAGS) -o $@ $< $(LIB_ASAN) $(LDLIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

unit-asan: $(UNIT_ASAN)
	@set -e; for t in $(UNIT_ASAN); do echo "== $$t"; $$t; done

test:
	bash scripts/test.sh

bench: parley
	bash bench/run.sh

clean:
	rm -rf build parley parley-asan

-include $(wildcard build/obj/*.d build/obj/*/*.d build/asan/*.d build/asan/*/*.d)
