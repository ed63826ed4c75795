using MeetingBot.Hosting;

var app = MeetingBotApp.Build(args);
app.Run();
