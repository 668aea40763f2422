using System.Text;
using ModelSdk.Registry.Tests.Support;

namespace ModelSdk.Registry.Tests;

public sealed class AuthTests
{
    private const string User = "publisher";
    private const string Password = "s3cret-Passw0rd-for-tests";

    [Fact]
    public async Task Basic_auth_with_the_modelsdk_environment_variables_pushes()
    {
        using var registry = RegistryServer.WithBasicAuth(User, Password);
        using var dir = new TempDirectory();
        var digest = TestLayout.Write(dir.Path, [("a.txt", "hello"u8.ToArray())]);
        var log = new ListLog();
        using var client = Clients.Create(log, environment: Safe(User, Password));

        var result = await client.PushAsync(dir.Path, registry.Address, "secure/model", ["1.0.0"]);

        Assert.Equal(digest, result.Digest);
        var inspect = Tools.Run(
            "skopeo",
            [
                "inspect",
                "--tls-verify=false",
                $"--creds={User}:{Password}",
                $"docker://{registry.Address}/secure/model:1.0.0",
            ]
        );
        Assert.Contains(digest, inspect);
        Assert.DoesNotContain(Password, log.All);
    }

    [Theory]
    [InlineData("DOTNET_CONTAINER_REGISTRY_PWORD")]
    [InlineData("DOTNET_CONTAINER_PUSH_REGISTRY_PWORD")]
    [InlineData("DOTNET_CONTAINER_PULL_REGISTRY_PWORD")]
    public void A_dotnet_password_variable_is_refused_with_MODEL0220_without_showing_it(string variable)
    {
        var environment = new Dictionary<string, string>
        {
            [CredentialResolver.UserVariable] = User,
            [variable] = Password,
            [CredentialResolver.SafeUserVariable] = User,
            [CredentialResolver.SafePasswordVariable] = Password,
        };

        var e = Assert.Throws<ModelSdkException>(() => Clients.Create(environment: environment));

        Assert.Equal(ErrorCodes.RegistryPasswordInDotnetVariable, e.Code);
        Assert.Contains(variable, e.Message);
        Assert.Contains(CredentialResolver.SafePasswordVariable, e.Message);
        Assert.Contains("docker login", e.Message);
        Assert.DoesNotContain(Password, e.Message);
    }

    [Fact]
    public void A_dotnet_user_name_alone_is_not_refused_and_not_used()
    {
        var resolver = new CredentialResolver(
            name => name == CredentialResolver.UserVariable ? User : null,
            new SecretRedactor()
        );

        resolver.RefuseLoggedPasswords();
        var lookup = resolver.Resolve("registry.example.test", RegistryRole.Push);

        Assert.Null(lookup.Credential);
    }

    [Fact]
    public async Task Missing_credentials_fail_with_a_coded_error_naming_the_sources_tried()
    {
        using var registry = RegistryServer.WithBasicAuth(User, Password);
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, [("a.txt", "hello"u8.ToArray())]);
        using var client = Clients.Create();

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Path, registry.Address, "secure/model", ["1.0.0"])
        );

        Assert.Equal(ErrorCodes.RegistryUnauthorized, e.Code);
        Assert.Contains(CredentialResolver.SafeUserVariable, e.Message);
        Assert.Contains("config.json", e.Message);
        Assert.Contains("docker login", e.Message);
    }

    [Fact]
    public async Task A_wrong_password_fails_without_revealing_it()
    {
        using var registry = RegistryServer.WithBasicAuth(User, Password);
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, [("a.txt", "hello"u8.ToArray())]);
        const string wrong = "wrong-password-123456";
        var log = new ListLog();
        using var client = Clients.Create(log, environment: Safe(User, wrong));

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Path, registry.Address, "secure/model", ["1.0.0"])
        );

        Assert.Equal(ErrorCodes.RegistryUnauthorized, e.Code);
        Assert.Contains($"environment variables {CredentialResolver.SafeUserVariable}", e.Message);
        Assert.DoesNotContain(wrong, e.Message + log.All);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{wrong}")), e.Message + log.All);
    }

    [Fact]
    public async Task Docker_config_auths_entry_is_used()
    {
        using var registry = RegistryServer.WithBasicAuth(User, Password);
        using var dir = new TempDirectory();
        using var config = new TempDirectory();
        TestLayout.Write(dir.Path, [("a.txt", "hello"u8.ToArray())]);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        File.WriteAllText(
            config.Combine("config.json"),
            "{\"auths\":{\"http://" + registry.Address + "\":{\"auth\":\"" + auth + "\"}}}"
        );
        var log = new ListLog();
        using var client = Clients.Create(log, environment: Env(("DOCKER_CONFIG", config.Path)));

        var result = await client.PushAsync(dir.Path, registry.Address, "secure/config", ["1.0.0"]);

        Assert.Equal(1 + 1, result.BlobsUploaded);
        Assert.DoesNotContain(auth, log.All);
    }

    [Fact]
    public async Task Credential_helpers_from_credHelpers_and_credsStore_are_run()
    {
        using var registry = RegistryServer.WithBasicAuth(User, Password);
        using var dir = new TempDirectory();
        using var config = new TempDirectory();
        TestLayout.Write(dir.Path, [("a.txt", "hello"u8.ToArray())]);
        var bin = config.Combine("bin");
        Directory.CreateDirectory(bin);
        var helper = Path.Combine(bin, "docker-credential-modeltest");
        // The helper protocol: "get" on the command line, the server URL on stdin, JSON on stdout.
        File.WriteAllText(
            helper,
            $$"""
            #!/bin/sh
            read server
            echo "$server" > "{{config.Combine("asked")}}"
            if [ "$1" = get ] && [ "$server" = "{{registry.Address}}" ]; then
              echo '{"ServerURL":"{{registry.Address}}","Username":"{{User}}","Secret":"{{Password}}"}'
              exit 0
            fi
            echo "credentials not found in native keychain"
            exit 1
            """
        );
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = Env(("DOCKER_CONFIG", config.Path), ("PATH", bin + ":/usr/bin:/bin"));

        foreach (
            var configJson in new[]
            {
                $$$"""{"credHelpers":{"{{{registry.Address}}}":"modeltest"}}""",
                """{"credsStore":"modeltest"}""",
            }
        )
        {
            File.WriteAllText(config.Combine("config.json"), configJson);
            var log = new ListLog();
            using var client = Clients.Create(log, environment: env);
            var result = await client.PushAsync(dir.Path, registry.Address, "secure/helper", ["1.0.0"]);
            Assert.Equal(registry.Address, File.ReadAllText(config.Combine("asked")).Trim());
            Assert.DoesNotContain(Password, log.All);
        }
    }

    [Fact]
    public async Task A_missing_credential_helper_is_a_coded_error()
    {
        using var config = new TempDirectory();
        File.WriteAllText(config.Combine("config.json"), """{"credsStore":"does-not-exist"}""");
        using var registry = RegistryServer.WithBasicAuth(User, Password);
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, [("a.txt", "hello"u8.ToArray())]);
        using var client = Clients.Create(environment: Env(("DOCKER_CONFIG", config.Path), ("PATH", "/nonexistent")));

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Path, registry.Address, "secure/x", ["1.0.0"])
        );

        Assert.Equal(ErrorCodes.CredentialHelperFailed, e.Code);
        Assert.Contains("docker-credential-does-not-exist", e.Message);
    }

    [Fact]
    public async Task An_invalid_docker_config_is_a_coded_error_naming_the_file()
    {
        using var config = new TempDirectory();
        File.WriteAllText(config.Combine("config.json"), "{\n  \"auths\": {,\n}");
        using var registry = RegistryServer.WithBasicAuth(User, Password);
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, [("a.txt", "hello"u8.ToArray())]);
        using var client = Clients.Create(environment: Env(("DOCKER_CONFIG", config.Path)));

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Path, registry.Address, "secure/x", ["1.0.0"])
        );

        Assert.Equal(ErrorCodes.DockerConfigInvalid, e.Code);
        Assert.Equal(config.Combine("config.json"), e.File);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public async Task Bearer_tokens_from_the_challenge_realm_push_and_are_never_logged()
    {
        using var tokens = new TokenServer(User, Password);
        using var registry = RegistryServer.WithAuth(_ => tokens.AuthYaml);
        using var dir = new TempDirectory();
        var digest = TestLayout.Write(
            dir.Path,
            [("a.txt", "hello"u8.ToArray()), ("b.txt", TestLayout.RandomBytes(100_000, 3))]
        );
        var log = new ListLog();
        using var client = Clients.Create(
            log,
            environment: Env(
                (CredentialResolver.SafeUserVariable, User),
                (CredentialResolver.SafePasswordVariable, Password)
            )
        );

        var result = await client.PushAsync(dir.Path, registry.Address, "team/model", ["1.0.0"]);

        Assert.Equal(digest, result.Digest);
        Assert.True(tokens.TokensIssued >= 1);
        Assert.Contains("bearer token", log.All);
        Assert.DoesNotContain(Password, log.All);
        Assert.DoesNotContain("eyJ", log.All);
        Assert.Equal(digest, await client.TagDigestAsync(registry.Address, "team/model", "1.0.0"));
    }

    [Fact]
    public async Task An_expired_bearer_token_is_refreshed()
    {
        using var tokens = new TokenServer(User, Password);
        using var registry = RegistryServer.WithAuth(_ => tokens.AuthYaml);
        using var dir = new TempDirectory();
        var digest = TestLayout.Write(dir.Path, [("a.txt", "hello"u8.ToArray())]);
        tokens.IssueExpired(1);
        using var client = Clients.Create(environment: Safe(User, Password));

        var result = await client.PushAsync(dir.Path, registry.Address, "team/refresh", ["1.0.0"]);

        Assert.Equal(digest, result.Digest);
        Assert.True(tokens.TokensIssued >= 2, $"issued {tokens.TokensIssued}");
    }

    [Fact]
    public async Task Bearer_auth_with_bad_credentials_is_unauthorized()
    {
        using var tokens = new TokenServer(User, Password);
        using var registry = RegistryServer.WithAuth(_ => tokens.AuthYaml);
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, [("a.txt", "hello"u8.ToArray())]);
        using var client = Clients.Create(environment: Safe(User, "nope-nope-nope"));

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Path, registry.Address, "team/model", ["1.0.0"])
        );

        Assert.Equal(ErrorCodes.RegistryUnauthorized, e.Code);
        Assert.True(tokens.Refusals >= 1);
        Assert.DoesNotContain("nope-nope-nope", e.Message);
    }

    private static Dictionary<string, string> Safe(string user, string password) =>
        Env((CredentialResolver.SafeUserVariable, user), (CredentialResolver.SafePasswordVariable, password));

    private static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}
