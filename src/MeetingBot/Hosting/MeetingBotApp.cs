namespace MeetingBot.Hosting;

/// <summary>
/// Composes the host. Reads as a table of contents: one extension per concern, in no particular order.
/// Tests build the same app with extra configuration and run it on Kestrel (loopback).
/// </summary>
public static class MeetingBotApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The root appsettings.json is copied beside the binary; read it from there, not from the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });

        // In any order: each registers what it needs, and the activation core is composed in one place
        // (ActivationCoreExtensions in MeetingBot.Meetings).
        builder.AddTelemetry();
        builder.AddActivation();
        builder.AddState();
        builder.AddSecurity();
        builder.AddHealth();
        builder.AddBot();
        builder.AddSlackCommands();

        // After the app's own registrations, so a test's replacement wins.
        configure?.Invoke(builder);

        var app = builder.Build();

        app.UseSecurity();
        app.MapTelemetry();
        app.MapHealth();
        app.MapAboutPages();
        app.MapBot();
        app.MapSlackCommands();

        return app;
    }
}
