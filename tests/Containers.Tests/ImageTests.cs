namespace Mlops.Containers.Tests;

/// <summary>What every image built by deploy/containers/build promises whoever runs it, checked on the images themselves.</summary>
public sealed class ImageTests
{
    [RequiresContainerImagesFact]
    public async Task Every_image_runs_its_process_as_the_non_root_user_1654()
    {
        foreach (var name in ContainerStack.Images.Append(ContainerStack.Bootstrap))
        {
            var user = (await Podman.CheckedAsync("image", "inspect", "--format", "{{.Config.User}}", Podman.Image(name))).Trim();
            Assert.True(user == "1654", $"{Podman.Image(name)} runs as '{user}', not 1654");
            // Whatever the entrypoint, a process the image starts has uid 1654: podman applies the image's user.
            var uid = (await Podman.CheckedAsync("run", "--rm", "--network", "none", "--entrypoint", "id", Podman.Image(name), "-u")).Trim();
            Assert.True(uid == "1654", $"{Podman.Image(name)} started a process as uid {uid}");
        }
    }
}
