"""Support referrals for victims and perpetrators, and referrals of offenders to Integrated Offender Management."""
