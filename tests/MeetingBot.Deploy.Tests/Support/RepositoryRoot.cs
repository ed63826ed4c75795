namespace MeetingBot.Deploy.Tests.Support;

/// <summary>The repository's root folder: the nearest folder above the test binaries holding MeetingBot.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MeetingBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"MeetingBot.sln not found in any folder above {AppContext.BaseDirectory}");
    }
}
