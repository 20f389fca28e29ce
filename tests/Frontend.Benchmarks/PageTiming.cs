namespace Mlops.Frontend.Benchmarks;

/// <summary>One load of one page, in ms after navigation start, from the page's own performance clock.</summary>
public sealed record PageTiming(string Path, double FirstByte, double FirstContentfulPaint, double DomContentLoaded, double ContentSeen);
