using System.Globalization;

namespace Mlops.Soak.Benchmarks;

/// <summary>One look at a process through /proc: resident memory, open file descriptors (sockets included) and threads.</summary>
public sealed record ProcessSample(TimeSpan At, string Service, long RssKib, int OpenHandles, int Threads)
{
    public static ProcessSample Take(TimeSpan at, string service, int pid)
    {
        long rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return new ProcessSample(at, service, rss, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length, threads);
    }
}
