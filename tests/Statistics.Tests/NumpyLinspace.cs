namespace Mlops.Statistics.Tests;

// numpy.linspace(start, stop, num): start + i·step with step = (stop − start)/(num − 1), last element set to stop,
// so data sets from scipy's test suite are rebuilt bit for bit.
internal static class NumpyLinspace
{
    public static double[] Create(double start, double stop, int count, double shift = 0)
    {
        var step = (stop - start) / (count - 1);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (i * step + start) + shift;
        }

        values[^1] = stop + shift;
        return values;
    }
}
