using MeetingBot.Meetings.Tests.Support;
using MeetingBot.Meetings.Tokens;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MeetingBot.Meetings.Tests.Tokens;

public class SignInProfileTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));

    private SignInProfile Profile(HuaweiProfileSharing sharing, TimeSpan? emailLookupTimeout = null) => new(
        Services.Options(o =>
        {
            o.ShareProfile = sharing;
            o.EmailLookupTimeout = emailLookupTimeout ?? TimeSpan.FromSeconds(1.5);
        }),
        _time,
        NullLogger<SignInProfile>.Instance);

    [Theory]
    [InlineData("Alice Example", "Alice Example")]
    [InlineData("  Alice \r\n\t Example  ", "Alice Example")]
    [InlineData("Ali\u0000ce\u0007 Ex\u001bample", "Alice Example")]
    [InlineData("Bob\u202E\u200Bevil", "Bobevil")]
    [InlineData("张伟", "张伟")]
    [InlineData(" \r\n ", null)]
    [InlineData(null, null)]
    public void The_user_name_is_cleaned_of_control_characters(string? given, string? expected) =>
        Assert.Equal(expected, SignInProfile.CleanUserName(given));

    [Fact]
    public void The_user_name_is_bounded_without_splitting_a_character()
    {
        var longName = new string('a', 63) + "😀" + new string('b', 100);

        var clean = SignInProfile.CleanUserName(longName)!;

        Assert.True(clean.Length <= SignInProfile.MaxUserNameLength, clean.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new string('a', 63), clean);
        Assert.Equal(SignInProfile.MaxUserNameLength, SignInProfile.CleanUserName(new string('x', 500))!.Length);
    }

    [Theory]
    [InlineData("alice@contoso.example", "alice@contoso.example")]
    [InlineData("  alice@contoso.example ", "alice@contoso.example")]
    [InlineData("alice@contoso.example\r\nBcc: x@y", null)]
    [InlineData("not an email", null)]
    [InlineData("a@b@c", null)]
    [InlineData("@contoso.example", null)]
    [InlineData("", null)]
    public void The_email_is_kept_only_when_plausible(string given, string? expected) =>
        Assert.Equal(expected, SignInProfile.CleanEmail(given));

    [Fact]
    public void An_overlong_email_is_dropped() =>
        Assert.Null(SignInProfile.CleanEmail(new string('a', 250) + "@x.example"));

    [Fact]
    public async Task None_shares_neither_name_nor_email_and_never_looks_the_email_up()
    {
        var lookups = 0;
        var user = new ChatUser("msteams", "t", "u", DisplayName: "Alice") { LookUpEmail = _ => { lookups++; return Task.FromResult<string?>("alice@contoso.example"); } };

        var profile = await Profile(HuaweiProfileSharing.None).ForAsync(user);

        Assert.Equal((null, null), profile);
        Assert.Equal(0, lookups);
    }

    [Fact]
    public async Task Name_shares_the_cleaned_name_but_never_looks_the_email_up()
    {
        var lookups = 0;
        var user = new ChatUser("msteams", "t", "u", DisplayName: "Alice\nExample") { LookUpEmail = _ => { lookups++; return Task.FromResult<string?>("alice@contoso.example"); } };

        var profile = await Profile(HuaweiProfileSharing.Name).ForAsync(user);

        Assert.Equal(("Alice Example", (string?)null), profile);
        Assert.Equal(0, lookups);
    }

    [Fact]
    public async Task NameAndEmail_shares_both()
    {
        var user = new ChatUser("msteams", "t", "u", DisplayName: "Alice") { LookUpEmail = _ => Task.FromResult<string?>("alice@contoso.example") };

        var profile = await Profile(HuaweiProfileSharing.NameAndEmail).ForAsync(user);

        Assert.Equal(("Alice", "alice@contoso.example"), profile);
    }

    [Fact]
    public async Task A_failing_lookup_gives_no_email_and_no_error()
    {
        var user = new ChatUser("msteams", "t", "u", DisplayName: "Alice") { LookUpEmail = _ => throw new HttpRequestException("roster down") };

        var profile = await Profile(HuaweiProfileSharing.NameAndEmail).ForAsync(user);

        Assert.Equal(("Alice", (string?)null), profile);
    }

    [Fact]
    public async Task A_hanging_lookup_is_abandoned_exactly_at_its_bound()
    {
        var cancelledByBound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var user = new ChatUser("msteams", "t", "u", DisplayName: "Alice")
        {
            // Ignores its token on purpose: the bound must hold even for a lookup that never gives up by itself.
            LookUpEmail = token =>
            {
                token.Register(cancelledByBound.SetResult);
                return new TaskCompletionSource<string?>().Task;
            },
        };

        var pending = Profile(HuaweiProfileSharing.NameAndEmail, TimeSpan.FromSeconds(2)).ForAsync(user);
        _time.Advance(TimeSpan.FromSeconds(1.999));
        await Task.Yield();
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var profile = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("Alice", (string?)null), profile);
        await cancelledByBound.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
