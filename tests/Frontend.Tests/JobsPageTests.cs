using Mlops.Training.V1;

namespace Mlops.Frontend.Tests;

[Collection(StackCollection.Name)]
public sealed class JobsPageTests(StackFixture stack, BrowserFixture browser)
{
    [Fact]
    public async Task A_submitted_one_epoch_job_shows_progress_as_it_arrives_and_ends_with_a_model()
    {
        await using var tab = await OpenJobsAsync();

        await Overrides(tab).FillAsync($"epochs=1\ndata.dataset={stack.DatasetVersion}");
        await tab.Page.Locator("[data-testid=submit-job]").ClickAsync();

        await tab.WaitForAddressAsync("/jobs/[^/]+$", "job-submit");
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

        await Overrides(tab).FillAsync("epochz=1\noptimizer.learning_rat=0.1");
        await tab.Page.Locator("[data-testid=submit-job]").ClickAsync();

        var problems = tab.Page.Locator("[data-testid=config-problems]");
        await Assertions.Expect(problems).ToContainTextAsync("epochz");
        await Assertions.Expect(problems).ToContainTextAsync("optimizer.learning_rat");
        await Assertions.Expect(problems.Locator("li")).ToHaveCountAsync(2);
        Assert.Equal(jobsBefore, (await stack.Training.ListJobsAsync(new ListJobsRequest())).Jobs.Count);
        await tab.ScreenshotAsync("jobs-invalid-config");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_running_job_is_cancelled_from_its_page_and_stops()
    {
        await using var tab = await OpenJobsAsync();

        await Overrides(tab).FillAsync($"epochs={LongJobEpochs}\ndata.dataset={stack.DatasetVersion}");
        await tab.Page.Locator("[data-testid=submit-job]").ClickAsync();
        await tab.WaitForAddressAsync("/jobs/[^/]+$", "job-cancel-submit");
        var jobId = tab.Page.Url[(tab.Page.Url.LastIndexOf('/') + 1)..];
        await Assertions.Expect(tab.Page.Locator("[data-testid=job-state]")).ToHaveTextAsync("running", new() { Timeout = 300_000 });
        // "running" comes before the first step; cancel once a step's loss is on the page, so it stops a training loop.
        await Assertions.Expect(tab.Page.Locator("[data-testid=job-loss]")).Not.ToHaveTextAsync("—", new() { Timeout = 300_000 });

        await tab.Page.Locator("[data-testid=cancel-job]").ClickAsync();

        await Assertions.Expect(tab.Page.Locator("[data-testid=job-state]")).ToHaveTextAsync("cancelled");
        await Assertions.Expect(tab.Page.Locator("[data-testid=cancel-job]")).ToHaveCountAsync(0);
        var job = await stack.Training.GetJobAsync(new GetJobRequest { JobId = jobId });
        Assert.Equal(JobState.Cancelled, job.State);
        Assert.NotNull(job.Progress);
        Assert.True(job.Progress.Epoch < LongJobEpochs, $"The job ran to epoch {job.Progress.Epoch} of {LongJobEpochs}: cancel did not stop it.");
        Assert.Equal(0, job.ModelVersion);
        await tab.ScreenshotAsync("job-cancelled");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_running_jobs_loss_curve_grows_on_its_run_page_while_it_trains()
    {
        var job = await SubmitLongJobAsync();
        try
        {
            job = await WaitForJobAsync(job.Id, found => found.State == JobState.Running && !string.IsNullOrEmpty(found.RunId));
            await using var tab = await BrowserPage.OpenAsync(browser);
            await tab.GotoAsync(stack.FrontendAddress, $"/runs/{job.RunId}", "[data-testid=run-summary]");
            await Assertions.Expect(tab.Page.Locator("[data-testid=run-summary]")).ToContainTextAsync("running");

            // The page was opened once; every new point comes from its own refresh while the run goes on.
            await tab.Page.WaitForFunctionAsync($"() => {LossPointCount} >= 1");
            var seen = await tab.Page.EvaluateAsync<int>($"() => {LossPointCount}");
            await tab.Page.WaitForFunctionAsync($"seen => {LossPointCount} > seen", seen);
            Assert.True(await tab.Page.EvaluateAsync<int>($"() => {LossPointCount}") > seen);
            await tab.ScreenshotAsync("run-live");
            tab.AssertNoConsoleErrors();
        }
        finally
        {
            await stack.Training.CancelJobAsync(new CancelJobRequest { JobId = job.Id });
            await WaitForJobAsync(job.Id, found => JobStateIsFinal(found.State));
        }
    }

    [Fact]
    public async Task A_grid_sweep_submitted_from_the_page_runs_a_trial_per_value_and_names_the_best()
    {
        await using var tab = await OpenJobsAsync();

        await Overrides(tab).FillAsync($"epochs=1\ndata.dataset={stack.DatasetVersion}");
        await SweepParameters(tab).FillAsync("optimizer.learning_rate=0.001,0.003");
        await tab.Page.Locator("[data-testid=submit-sweep]").ClickAsync();
        await tab.WaitForAddressAsync("/sweeps/[^/]+$", "sweep-submit");

        var trials = tab.Page.Locator("[data-testid=sweep-trials] tbody tr");
        await Assertions.Expect(trials).ToHaveCountAsync(2);
        await Assertions.Expect(trials.Filter(new() { HasText = "optimizer.learning_rate=0.001" })).ToHaveCountAsync(1);
        await Assertions.Expect(trials.Filter(new() { HasText = "optimizer.learning_rate=0.003" })).ToHaveCountAsync(1);
        // The page follows the sweep by itself until both trials have trained and the best one is known.
        await Assertions.Expect(tab.Page.Locator("[data-testid=sweep-state]")).ToHaveTextAsync("succeeded", new() { Timeout = 600_000 });
        await Assertions.Expect(tab.Page.Locator("[data-testid=best-trial]")).ToContainTextAsync("val_accuracy");

        var sweepId = tab.Page.Url[(tab.Page.Url.LastIndexOf('/') + 1)..];
        var sweep = await stack.Training.GetSweepAsync(new GetSweepRequest { SweepId = sweepId });
        Assert.Equal(["0.001", "0.003"], sweep.Trials.Select(trial => trial.Parameters["optimizer.learning_rate"]).Order());
        Assert.All(sweep.Trials, trial => Assert.Equal(JobState.Succeeded, trial.State));
        Assert.All(sweep.Trials, trial => Assert.Equal(1, trial.Progress?.TotalEpochs));
        Assert.Contains(sweep.BestJobId, sweep.Trials.Select(trial => trial.Id));
        await tab.ScreenshotAsync("sweep");
        tab.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_sweep_with_a_malformed_parameter_or_an_unknown_key_lists_the_problems_and_queues_nothing()
    {
        await using var tab = await OpenJobsAsync();
        var sweepsBefore = (await stack.Training.ListSweepsAsync(new ListSweepsRequest())).Sweeps.Count;
        var problems = tab.Page.Locator("[data-testid=sweep-problems]");

        // Checked on the page: a range in a grid, a line without a value.
        await SweepParameters(tab).FillAsync("optimizer.learning_rate=0.001:0.01\nbatch_size");
        await tab.Page.Locator("[data-testid=submit-sweep]").ClickAsync();
        await Assertions.Expect(problems.Locator("li")).ToHaveCountAsync(2);
        await Assertions.Expect(problems).ToContainTextAsync("needs random search");

        // Checked by training: a key the config does not have, for every trial.
        await SweepParameters(tab).FillAsync("optimizer.learning_rat=0.001,0.003");
        await tab.Page.Locator("[data-testid=submit-sweep]").ClickAsync();
        await Assertions.Expect(problems).ToContainTextAsync("optimizer.learning_rat");
        await Assertions.Expect(problems).Not.ToContainTextAsync("needs random search");
        Assert.Equal(sweepsBefore, (await stack.Training.ListSweepsAsync(new ListSweepsRequest())).Sweeps.Count);
        await tab.ScreenshotAsync("sweep-invalid");
        tab.AssertNoConsoleErrors();
    }

    // MudTextField puts the attribute on its textarea.
    private static ILocator Overrides(BrowserPage tab) => tab.Page.Locator("textarea[data-testid=overrides], [data-testid=overrides] textarea");

    private static ILocator SweepParameters(BrowserPage tab) => tab.Page.Locator("textarea[data-testid=sweep-parameters], [data-testid=sweep-parameters] textarea");

    // Long enough to be running (and cancelled) before it ends on a loaded machine; the sample's epoch takes seconds.
    private const int LongJobEpochs = 50;

    private const string LossPointCount =
        "(document.querySelector('[data-testid=loss-curve] polyline')?.getAttribute('points') ?? '').trim().split(' ').filter(point => point).length";

    private static bool JobStateIsFinal(JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    private async Task<Job> SubmitLongJobAsync()
    {
        var config = new ConfigSource { Name = "quick" };
        config.Overrides.Add($"epochs={LongJobEpochs}");
        config.Overrides.Add($"data.dataset={stack.DatasetVersion}");
        return await stack.Training.SubmitJobAsync(new SubmitJobRequest { Config = config, ModelName = "live-curves", RequestedBy = "tests" });
    }

    private async Task<Job> WaitForJobAsync(string jobId, Func<Job, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            var job = await stack.Training.GetJobAsync(new GetJobRequest { JobId = jobId });
            if (condition(job))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} is {job.State}, still not in the state the test waits for.");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private async Task<BrowserPage> OpenJobsAsync()
    {
        var tab = await BrowserPage.OpenAsync(browser);
        await tab.GotoAsync(stack.FrontendAddress, "/jobs", "[data-testid=jobs]");
        await tab.WaitForInteractivityAsync();
        return tab;
    }
}
