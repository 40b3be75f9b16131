"""Identity and access: the policy that says who may do what and see which record, and the
password and token hashing. Accounts themselves live in `xborder.accounts`."""
