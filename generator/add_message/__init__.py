"""`adcvd-workbook add-message`: add what a CBP message says to the case folder."""
