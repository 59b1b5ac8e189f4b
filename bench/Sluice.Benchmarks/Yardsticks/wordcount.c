/*
 * The C word count beside the .NET yardstick (docs/performance.md): what this machine does per core without a
 * runtime. Reads FILE into memory, then RUNS times counts its words REPEAT times over (split on spaces and line
 * breaks, as the .NET loop's File.ReadAllLines and Split(' ') do), in one open-addressing table of FNV-1a hashes with
 * keys pointing into the buffer, and takes the top 10. Prints the median seconds of a run (the file already in
 * memory), the words counted and the distinct words, on one line: "seconds words distinct".
 *
 * Usage: wordcount FILE REPEAT RUNS
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *key; /* NULL: empty slot */
    uint32_t length;
    uint32_t count;
    uint64_t hash;
} slot;

typedef struct {
    slot *slots;
    size_t capacity; /* a power of two */
    size_t used;
} table;

static void die(const char *what) {
    perror(what);
    exit(2);
}

static void put(table *t, const char *key, uint32_t length, uint64_t hash, uint32_t count);

static void grow(table *t) {
    table bigger = {calloc(t->capacity * 2, sizeof(slot)), t->capacity * 2, 0};
    if (bigger.slots == NULL) die("calloc");
    for (size_t i = 0; i < t->capacity; i++) {
        if (t->slots[i].key != NULL) put(&bigger, t->slots[i].key, t->slots[i].length, t->slots[i].hash, t->slots[i].count);
    }
    free(t->slots);
    *t = bigger;
}

static void put(table *t, const char *key, uint32_t length, uint64_t hash, uint32_t count) {
    if (2 * (t->used + 1) > t->capacity) grow(t);
    size_t mask = t->capacity - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        slot *s = &t->slots[i];
        if (s->key == NULL) {
            *s = (slot){key, length, count, hash};
            t->used++;
            return;
        }
        if (s->hash == hash && s->length == length && memcmp(s->key, key, length) == 0) {
            s->count += count;
            return;
        }
    }
}

static int is_delimiter(char c) { return c == ' ' || c == '\n' || c == '\r'; }

static uint64_t count_words(table *t, const char *text, size_t size) {
    uint64_t words = 0;
    size_t i = 0;
    while (i < size) {
        while (i < size && is_delimiter(text[i])) i++;
        if (i == size) break;
        size_t start = i;
        uint64_t hash = 14695981039346656037ULL;
        while (i < size && !is_delimiter(text[i])) {
            hash = (hash ^ (unsigned char)text[i]) * 1099511628211ULL;
            i++;
        }
        put(t, text + start, (uint32_t)(i - start), hash, 1);
        words++;
    }
    return words;
}

/* The 10 largest counts, by selection: what the .NET loop's OrderByDescending(...).Take(10) returns. */
static uint32_t top_ten(const table *t) {
    uint32_t top[10] = {0};
    for (size_t i = 0; i < t->capacity; i++) {
        uint32_t count = t->slots[i].count;
        if (t->slots[i].key == NULL || count <= top[9]) continue;
        int j = 9;
        while (j > 0 && top[j - 1] < count) {
            top[j] = top[j - 1];
            j--;
        }
        top[j] = count;
    }
    return top[0];
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s FILE REPEAT RUNS\n", argv[0]);
        return 2;
    }
    int repeat = atoi(argv[2]), runs = atoi(argv[3]);
    if (repeat < 1 || runs < 1 || runs > 100) {
        fprintf(stderr, "REPEAT and RUNS must be positive, RUNS at most 100\n");
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (file == NULL) die(argv[1]);
    if (fseek(file, 0, SEEK_END) != 0) die("fseek");
    long size = ftell(file);
    rewind(file);
    char *text = malloc(size > 0 ? size : 1);
    if (text == NULL) die("malloc");
    if (fread(text, 1, size, file) != (size_t)size) die("fread");
    fclose(file);

    double seconds[100];
    uint64_t words = 0;
    size_t distinct = 0;
    uint32_t largest = 0;
    for (int run = 0; run < runs; run++) {
        double start = now();
        table t = {calloc(1 << 16, sizeof(slot)), 1 << 16, 0};
        if (t.slots == NULL) die("calloc");
        words = 0;
        for (int r = 0; r < repeat; r++) words += count_words(&t, text, size);
        largest = top_ten(&t);
        distinct = t.used;
        free(t.slots);
        seconds[run] = now() - start;
    }
    qsort(seconds, runs, sizeof(double), by_value);
    printf("%.6f %llu %zu %u\n", seconds[runs / 2], (unsigned long long)words, distinct, largest);
    free(text);
    return 0;
}
