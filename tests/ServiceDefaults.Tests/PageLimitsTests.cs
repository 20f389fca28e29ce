using Grpc.Core;
using Mlops.ServiceDefaults;

namespace Mlops.ServiceDefaults.Tests;

public sealed class PageLimitsTests
{
    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 1)]
    [InlineData(PageLimits.MaxPageSize, PageLimits.MaxPageSize)]
    public void Zero_is_the_default_and_sizes_up_to_the_limit_are_taken_as_asked(int requested, int expected) =>
        Assert.Equal(expected, PageLimits.Resolve(requested, defaultSize: 100, "limit"));

    [Theory]
    [InlineData(-1)]
    [InlineData(PageLimits.MaxPageSize + 1)]
    [InlineData(int.MaxValue)]
    public void Negative_and_oversized_pages_are_refused_naming_the_field_and_the_limit(int requested)
    {
        var error = Assert.Throws<RpcException>(() => PageLimits.Resolve(requested, defaultSize: 100, "page.page_size"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("page.page_size", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("1000", error.Status.Detail, StringComparison.Ordinal);
    }
}
