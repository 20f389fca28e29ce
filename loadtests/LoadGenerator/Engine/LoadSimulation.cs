namespace Mlops.LoadGenerator.Engine;

/// <summary>One phase of load; phases run one after another.</summary>
public abstract record LoadSimulation(TimeSpan During)
{
    /// <summary>Closed model: keep this many copies running, each starting its next step when the last one ends.</summary>
    public static ClosedLoad KeepConstant(int copies, TimeSpan during) => new(copies, copies, during);

    /// <summary>Closed model: grow or shrink the number of copies linearly.</summary>
    public static ClosedLoad RampCopies(int from, int to, TimeSpan during) => new(from, to, during);

    /// <summary>Open model: start this many steps a second whatever the previous ones are doing.</summary>
    public static OpenLoad Inject(double rate, TimeSpan during) => new(rate, rate, during);

    /// <summary>Open model: change the rate linearly.</summary>
    public static OpenLoad RampRate(double from, double to, TimeSpan during) => new(from, to, during);
}

public sealed record ClosedLoad(int FromCopies, int ToCopies, TimeSpan During) : LoadSimulation(During)
{
    public int CopiesAt(double elapsedSeconds)
    {
        var progress = Math.Clamp(elapsedSeconds / During.TotalSeconds, 0, 1);
        return (int)Math.Round(FromCopies + ((ToCopies - FromCopies) * progress));
    }

    public override string ToString() => FromCopies == ToCopies
        ? $"closed {FromCopies} copies for {During.TotalSeconds:0.###}s"
        : $"closed ramp {FromCopies}->{ToCopies} copies over {During.TotalSeconds:0.###}s";
}

public sealed record OpenLoad(double FromRate, double ToRate, TimeSpan During) : LoadSimulation(During)
{
    /// <summary>Requests due in [0, During): the integral of the rate.</summary>
    public long TotalRequests => (long)Math.Ceiling(RequestsBy(During.TotalSeconds) - 1e-9);

    /// <summary>Integral of the rate from 0 to t.</summary>
    public double RequestsBy(double seconds)
    {
        var t = Math.Clamp(seconds, 0, During.TotalSeconds);
        return (FromRate * t) + (Slope * t * t / 2);
    }

    /// <summary>When the request with this zero-based number is due, in seconds from the phase start.</summary>
    public double ScheduledSecond(long requestNumber)
    {
        if (requestNumber <= 0)
        {
            return 0;
        }

        // Solves FromRate*t + Slope*t^2/2 = n; this form stays exact when the slope is zero or tiny.
        var n = (double)requestNumber;
        var discriminant = Math.Max(0, (FromRate * FromRate) + (2 * Slope * n));
        return 2 * n / (FromRate + Math.Sqrt(discriminant));
    }

    private double Slope => (ToRate - FromRate) / During.TotalSeconds;

    public override string ToString() => FromRate == ToRate
        ? $"open {FromRate:0.##} req/s for {During.TotalSeconds:0.###}s"
        : $"open ramp {FromRate:0.##}->{ToRate:0.##} req/s over {During.TotalSeconds:0.###}s";
}
