using System.Diagnostics;

namespace Mlops.TestSupport;

/// <summary>How every fixture stops the server process it started: as a crash would, waiting for the exit, then disposing.</summary>
internal static class ProcessTermination
{
    /// <summary>
    /// Kills <paramref name="running"/> and waits for it to exit; null (stopped already) does nothing. Callers hand over the
    /// process with <c>Interlocked.Exchange(ref process, null)</c>, so concurrent and repeated stops kill it once.
    /// </summary>
    public static async Task KillAsync(Process? running, bool entireProcessTree = false)
    {
        if (running is null)
        {
            return;
        }

        try
        {
            if (!running.HasExited)
            {
                running.Kill(entireProcessTree);
                await running.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        finally
        {
            running.Dispose();
        }
    }
}
