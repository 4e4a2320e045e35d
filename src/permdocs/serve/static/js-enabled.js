// Marks the page as having JavaScript, so GOV.UK Frontend's components enhance it (an external
// file, because the Content Security Policy allows no inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
