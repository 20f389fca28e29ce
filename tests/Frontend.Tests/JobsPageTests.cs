using Mlops.Training.V1;

namespace Mlops.Frontend.Tests;

[Collection(StackCollection.Name)]
public sealed class JobsPageTests(StackFixture stack, BrowserFixture browser)
{
    [Fact]
    public async Task A_submitted_one_epoch_job_shows_progress_as_it_arrives_and_ends_with_a_model()
    {
        await using var tab = await OpenJobsAsync();

        await tab.Page.Locator("textarea[data-testid=overrides], [data-testid=overrides] textarea").FillAsync($"epochs=1\ndata.dataset={stack.DatasetVersion}");
        await tab.Page.Locator("[data-testid=submit-job]").ClickAsync();

        await tab.Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/jobs/[^/]+$"));
        await Assertions.Expect(tab.Page.Locator("[data-testid=job-updates]")).Not.ToHaveTextAsync("0");
        await Assertions.Expect(tab.Page.Locator("[data-testid=job-state]")).ToHaveTextAsync("succeeded", new() { Timeout = 300_000 });
        await Assertions.Expect(tab.Page.Locator("[data-testid=job-epoch]")).ToHaveTextAsync("1/1");
        await Assertions.Expect(tab.Page.Locator("[data-testid=job-model]")).ToContainTextAsync($"{StackFixture.ModelName}/");
        await tab.ScreenshotAsync("job");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Overrides_with_unknown_keys_list_every_problem_and_submit_nothing()
    {
        await using var tab = await OpenJobsAsync();
        var jobsBefore = (await stack.Training.ListJobsAsync(new ListJobsRequest())).Jobs.Count;

        await tab.Page.Locator("textarea[data-testid=overrides], [data-testid=overrides] textarea").FillAsync("epochz=1\noptimizer.learning_rat=0.1");
        await tab.Page.Locator("[data-testid=submit-job]").ClickAsync();

        var problems = tab.Page.Locator("[data-testid=config-problems]");
        await Assertions.Expect(problems).ToContainTextAsync("epochz");
        await Assertions.Expect(problems).ToContainTextAsync("optimizer.learning_rat");
        await Assertions.Expect(problems.Locator("li")).ToHaveCountAsync(2);
        Assert.Equal(jobsBefore, (await stack.Training.ListJobsAsync(new ListJobsRequest())).Jobs.Count);
        await tab.ScreenshotAsync("jobs-invalid-config");
        tab.AssertNoConsoleErrors();
    }

    private async Task<BrowserPage> OpenJobsAsync()
    {
        var tab = await BrowserPage.OpenAsync(browser);
        await tab.GotoAsync(stack.FrontendAddress, "/jobs", "[data-testid=jobs]");
        await tab.WaitForInteractivityAsync();
        return tab;
    }
}
