export const SECRETS: { sessionToken: string; linkToken: string };
