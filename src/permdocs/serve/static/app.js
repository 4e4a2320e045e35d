// Starts GOV.UK Frontend's components: the character count, the error summary (which takes focus
// when a page has errors), radios and the service navigation.
import { initAll } from './govuk/govuk-frontend.min.js'

initAll()
