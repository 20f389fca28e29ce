namespace Mlops.LoadGenerator.Cli;

internal static class HelpText
{
    public const string Usage = """
        Mlops.LoadGenerator: scenario-based load tests with HdrHistogram latency and thresholds.

        usage: dotnet run --project loadtests/LoadGenerator -c Release -- [options]

        scenarios
          -s, --scenario <name[:weight]>[,...]  scenario(s) to run, repeatable (see --list)
              --set <key=value>                 setting read by scenarios, e.g. delay=5ms, repeatable;
                                                throttle=K on a gRPC scenario: client-side adaptive throttling (K >= 1),
                                                the calls it keeps back count as ThrottledByClient;
                                                throttle_window=<time>: how far back it counts (default 10s);
                                                inflight_limit=N: adaptive cap on calls in flight from N (AIMD),
                                                latency_target=<time>: slower answers lower it too;
                                                deadline=<time> on a gRPC scenario: each call's deadline from its
                                                scheduled time, later answers count as DeadlineExceeded
              --list                            list the scenarios and exit
        load (phases run in the order given; each pairs with the --duration beside it)
              --closed <n | a..b>               closed model: n copies, or ramp copies from a to b
              --open <rate | a..b>              open model: requests/second, or ramp rate from a to b
          -d, --duration <time>                 phase length: 500ms, 20s, 2m (default 10s)
              --warmup <time>                   run each scenario unmeasured first (default 0)
              --max-requests <n>                stop after n requests in all
              --max-in-flight <n>               open model: drop (and count) requests beyond n outstanding (default 10000)
              --grace <time>                    wait for outstanding requests at the end (default 10s)
        target
              --target <url>                    address scenarios connect to (default http://127.0.0.1:5402, inference under the AppHost)
              --allow-remote                    allow a target that is not loopback
        results
          -t, --threshold <rule>                e.g. "fail% < 1", "p99 < 10ms", "rps > 1000", "predict:p95 <= 2ms"; repeatable
          -o, --report-dir <dir>                report folder (default loadtests/reports/<timestamp>/, copied to reports/latest/)
              --no-report                       write no report files
          -q, --quiet                           no progress lines

        exit codes: 0 passed, 1 a threshold failed, 2 bad command line or refused target, 3 the run failed

        examples
          --scenario delay --set delay=2ms --closed 32 --duration 20s --threshold "p99 < 10ms"
          --scenario noop --open 100..2000 --duration 10s --open 2000 --duration 20s --threshold "rps > 1900"
        """;
}
