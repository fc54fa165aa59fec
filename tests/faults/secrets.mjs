// Token values the fault server hands out; the suites check that none of them leaks.
export const SECRETS = {
  sessionToken: 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.fault-suite-session-token-value',
  linkToken: 'fault-suite-link-token-value-aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3Q',
};
