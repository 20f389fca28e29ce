using Mlops.Training.Configs;

namespace Mlops.Training.Tests;

public sealed class GitRepositoryTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private readonly string root = Directory.CreateTempSubdirectory("git-repository-tests-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_config_folder_inside_a_repository_gets_the_commit_of_its_checked_out_branch()
    {
        Write("repo/.git/HEAD", "ref: refs/heads/main\n");
        Write("repo/.git/refs/heads/main", Commit + "\n");
        Directory.CreateDirectory(Path.Combine(root, "repo/configs"));

        Assert.Equal(Commit, GitRepository.HeadCommit(Path.Combine(root, "repo/configs")));
    }

    [Fact]
    public void A_worktree_follows_its_gitdir_and_finds_the_branch_in_packed_refs_of_the_main_repository()
    {
        Write("main/.git/packed-refs", $"# pack-refs with: peeled\n{Commit} refs/heads/training\n");
        Write("main/.git/worktrees/wt/HEAD", "ref: refs/heads/training\n");
        Write("main/.git/worktrees/wt/commondir", "../..\n");
        Write("wt/.git", $"gitdir: {Path.Combine(root, "main/.git/worktrees/wt")}\n");
        Directory.CreateDirectory(Path.Combine(root, "wt/configs"));

        Assert.Equal(Commit, GitRepository.HeadCommit(Path.Combine(root, "wt/configs")));
    }

    [Fact]
    public void A_detached_head_is_the_commit_itself_and_a_folder_outside_any_repository_has_none()
    {
        Write("detached/.git/HEAD", Commit.ToUpperInvariant() + "\n");
        Directory.CreateDirectory(Path.Combine(root, "plain"));

        Assert.Equal(Commit, GitRepository.HeadCommit(Path.Combine(root, "detached")));
        Assert.Null(GitRepository.HeadCommit(Path.Combine(root, "plain")));
    }
}
