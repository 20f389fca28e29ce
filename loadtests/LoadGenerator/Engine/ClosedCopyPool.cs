using System.Diagnostics;

namespace Mlops.LoadGenerator.Engine;

/// <summary>
/// The copies of the closed model. Copy i runs while i is below the target; shrinking lets the
/// surplus copies finish their current step and leave, growing starts new ones.
/// </summary>
internal sealed class ClosedCopyPool
{
    private readonly List<Task> _copies = [];
    private volatile int _target;

    public IReadOnlyList<Task> Copies => _copies;

    /// <summary>Controller thread only.</summary>
    public void Resize(int target, LoadContext load)
    {
        _target = target;
        for (var index = 0; index < target; index++)
        {
            if (index == _copies.Count)
            {
                _copies.Add(Start(index, load));
            }
            else if (_copies[index].IsCompleted)
            {
                _copies[index] = Start(index, load);
            }
        }
    }

    public void StopAll() => _target = 0;

    private Task Start(int index, LoadContext load) => Task.Run(() => RunCopyAsync(index, load));

    private async Task RunCopyAsync(int index, LoadContext load)
    {
        var synchronousStreak = 0;
        while (index < _target && !load.LoadStop.IsCancellationRequested)
        {
            if (!load.Budget.TryTake())
            {
                await load.LoadStop.CancelAsync().ConfigureAwait(false);
                return;
            }

            load.Enter();
            try
            {
                var invocation = load.InvokeAsync(load.Picker.Next(), Stopwatch.GetTimestamp());
                if (invocation.IsCompleted && ++synchronousStreak % 32 == 0)
                {
                    // A step that never awaits would otherwise pin this pool thread forever.
                    await Task.Yield();
                }

                await invocation.ConfigureAwait(false);
            }
            finally
            {
                load.Leave();
            }
        }
    }
}
