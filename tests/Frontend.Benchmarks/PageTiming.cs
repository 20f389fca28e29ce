namespace Mlops.Frontend.Benchmarks;

/// <summary>
/// One load of one page, in ms after navigation start, from the page's own performance clock: <see cref="ContentInDom"/>
/// is when the page's data first entered the DOM, <see cref="LargestContentfulPaint"/> the browser's own "main content
/// painted" mark (-1 when not reported).
/// </summary>
public sealed record PageTiming(
    string Path, double FirstByte, double FirstContentfulPaint, double DomContentLoaded, double ContentInDom, double LargestContentfulPaint);
