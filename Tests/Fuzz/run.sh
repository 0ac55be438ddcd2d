#!/usr/bin/env bash
# `make fuzz`: every fuzz target for FUZZ_SECONDS each (default 30) under libFuzzer, starting from the seed
# corpus in Tests/Fuzz/corpus/<target>. Fails on any crash, hang (an input over FUZZ_TIMEOUT seconds),
# runaway memory or broken promise, and leaves the input that did it in .build-fuzz/findings.
# Without a toolchain that can link libFuzzer it runs the seeded mutation harness instead (see
# docs/robustness.md). FUZZ_TARGETS="icalendar csv" narrows the run.
set -uo pipefail
cd "$(dirname "$0")/../.."

seconds_each=${FUZZ_SECONDS:-30}
# FUZZ_SEED fixes libFuzzer's random seed (CI sets it, so a run can be repeated input for input).
seed_flag=${FUZZ_SEED:+-seed=$FUZZ_SEED}
per_input=${FUZZ_TIMEOUT:-10}
scratch=.build-fuzz
corpus=Tests/Fuzz/corpus
targets=${FUZZ_TARGETS:-$(ls "$corpus")}
mkdir -p "$scratch/findings" "$scratch/logs"

echo "fuzz: building legday-fuzz with -sanitize=fuzzer (log: $scratch/logs/build.log)"
if LEGDAY_FUZZ=1 timeout 3600 swift build -c debug --product legday-fuzz --scratch-path "$scratch" \
     -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library >"$scratch/logs/build.log" 2>&1; then
    binary=$(LEGDAY_FUZZ=1 swift build -c debug --scratch-path "$scratch" --show-bin-path)/legday-fuzz
else
    tail -20 "$scratch/logs/build.log"
    echo "fuzz: libFuzzer build failed; running the seeded mutation harness for ${seconds_each}s per target instead"
    LEGDAY_FUZZ_SECONDS=$seconds_each timeout $((seconds_each * 10 + 1800)) \
        swift test --filter 'LegdayRobustnessTests.MutationFuzzTests' 2>&1 | tail -40
    exit "${PIPESTATUS[0]}"
fi

failed=()
for target in $targets; do
    [ -d "$corpus/$target" ] || { echo "fuzz: no corpus folder $corpus/$target"; failed+=("$target"); continue; }
    # New inputs libFuzzer finds go to the scratch folder; the committed seeds stay as they are.
    work="$scratch/corpus/$target"
    mkdir -p "$work"
    log="$scratch/logs/$target.log"
    echo "fuzz: $target for ${seconds_each}s"
    SWIFT_BACKTRACE=enable=no timeout $((seconds_each + 120)) "$binary" "$target" \
        -max_total_time="$seconds_each" -timeout="$per_input" $seed_flag -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$scratch/findings/$target-" -print_final_stats=1 \
        "$work" "$corpus/$target" >"$log" 2>&1
    status=$?
    grep -E "^(#[0-9]+\s+DONE|stat::number_of_executed_units|stat::peak_rss_mb)" "$log" | tail -3 | sed 's/^/  /'
    if [ $status -ne 0 ]; then
        echo "fuzz: $target FAILED (exit $status); the end of $log:"
        grep -v '^\s*$' "$log" | tail -25 | cut -c1-300
        ls "$scratch/findings/$target-"* 2>/dev/null | sed 's/^/  input: /'
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failures in ${failed[*]}; reproduce with $binary TARGET FILE"
    exit 1
fi
echo "fuzz: no crashes, hangs or broken promises in: $(echo $targets)"
