using Mlops.LoadGenerator.Cli;

namespace Mlops.LoadGenerator;

public static class Program
{
    private const int MinWorkerThreads = 32;

    /// <returns>0 when every threshold passed, 1 when one failed, 2 for a bad command line or refused target, 3 when the run failed.</returns>
    public static async Task<int> Main(string[] args)
    {
        // Step continuations all land on the thread pool; starting it small (one thread a core) makes the
        // first seconds of an open-model run queue behind thread injection and shows up as tail latency.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, MinWorkerThreads), completionPorts);

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl+C stops the load and still reports; a second one kills the process.
            e.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await LoadTestApp.RunAsync(args, Console.Out, Console.Error, cancellationToken: cancellation.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
