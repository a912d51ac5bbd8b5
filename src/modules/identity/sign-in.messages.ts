/**
 * Texts of the sign-in routes beyond the password: the OpenID Connect provider and residents'
 * e-mailed links. Merged into `identityMessages`.
 */
export const signInNl = {
  'identity.signIn.resident': 'Bent u bewoner? Log in met uw e-mailadres',
  'identity.oidc.title': 'Via uw organisatie',
  'identity.oidc.defaultLabel': 'Inloggen met uw organisatieaccount',
  'identity.oidc.defaultProvider': 'uw organisatieaccount',
  'identity.oidc.unavailable':
    'Inloggen met {provider} lukt nu niet. Probeer het later nog eens of log in met uw wachtwoord.',
  'identity.oidc.failed': 'Inloggen met {provider} is niet gelukt. Probeer het nog eens.',
  'identity.oidc.noEmail':
    '{provider} gaf geen e-mailadres door. Vraag een beheerder van uw gemeente om hulp.',
  'identity.oidc.unknownAccount':
    'Er is geen actief medewerkersaccount voor {email}. Vraag een beheerder van uw gemeente om u uit te nodigen.',
  'identity.oidc.otherSubject':
    'Uw account is al gekoppeld aan een ander account bij {provider}. Vraag een beheerder van uw gemeente om hulp.',
  'identity.resident.title': 'Inloggen als bewoner',
  'identity.resident.intro':
    'U krijgt een e-mail met een link. Met die link logt u in, zonder wachtwoord. Zo herkennen wij u als u terugkomt.',
  'identity.resident.email': 'Uw e-mailadres',
  'identity.resident.emailHint': 'Bijvoorbeeld naam@voorbeeld.nl',
  'identity.resident.submit': 'Stuur mij een link',
  'identity.resident.sentTitle': 'Kijk in uw e-mail',
  'identity.resident.sent':
    'Als het e-mailadres klopt, krijgt u binnen een paar minuten een e-mail met een link. De link werkt {minutes} minuten en maar één keer. Kijk ook in uw map met ongewenste e-mail.',
  'identity.resident.again': 'Een nieuwe link vragen',
  'identity.resident.confirmTitle': 'Inloggen',
  'identity.resident.confirm': 'U logt in met het e-mailadres {email}.',
  'identity.resident.confirmSubmit': 'Inloggen',
  'identity.resident.invalidTitle': 'Deze link werkt niet meer',
  'identity.resident.invalid':
    'De link is al gebruikt of verlopen. Een link werkt maar één keer en niet lang. Vraag een nieuwe link.',
  'identity.mine.title': 'Mijn Buurtkracht',
  'identity.mine.signedInAs': 'U bent ingelogd met het e-mailadres {email}.',
  'identity.mine.intro':
    'Zo herkennen wij u als u een initiatief indient of volgt. Klaar? Log dan uit, zeker op een computer van iemand anders.',
};

export const signInEn: Record<keyof typeof signInNl, string> = {
  'identity.signIn.resident': 'Are you a resident? Sign in with your e-mail address',
  'identity.oidc.title': 'Through your organisation',
  'identity.oidc.defaultLabel': 'Sign in with your organisation account',
  'identity.oidc.defaultProvider': 'your organisation account',
  'identity.oidc.unavailable':
    'Signing in with {provider} does not work right now. Try again later or sign in with your password.',
  'identity.oidc.failed': 'Signing in with {provider} did not work. Please try again.',
  'identity.oidc.noEmail':
    '{provider} did not pass on an e-mail address. Ask an administrator of your municipality for help.',
  'identity.oidc.unknownAccount':
    'There is no active staff account for {email}. Ask an administrator of your municipality to invite you.',
  'identity.oidc.otherSubject':
    'Your account is already linked to another account at {provider}. Ask an administrator of your municipality for help.',
  'identity.resident.title': 'Sign in as a resident',
  'identity.resident.intro':
    'You get an e-mail with a link. The link signs you in, without a password. That way we recognise you when you come back.',
  'identity.resident.email': 'Your e-mail address',
  'identity.resident.emailHint': 'For example name@example.com',
  'identity.resident.submit': 'Send me a link',
  'identity.resident.sentTitle': 'Check your e-mail',
  'identity.resident.sent':
    'If the address is right, you get an e-mail with a link within a few minutes. The link works for {minutes} minutes, and only once. Also look in your spam folder.',
  'identity.resident.again': 'Ask for a new link',
  'identity.resident.confirmTitle': 'Sign in',
  'identity.resident.confirm': 'You sign in with the e-mail address {email}.',
  'identity.resident.confirmSubmit': 'Sign in',
  'identity.resident.invalidTitle': 'This link no longer works',
  'identity.resident.invalid':
    'The link was already used or has expired. A link works only once, and not for long. Ask for a new link.',
  'identity.mine.title': 'My Buurtkracht',
  'identity.mine.signedInAs': 'You are signed in with the e-mail address {email}.',
  'identity.mine.intro':
    'That way we recognise you when you submit or follow an initiative. Done? Then sign out, especially on someone else’s computer.',
};
