module jixiao

go 1.26.8

require (
	github.com/shopspring/decimal v1.6.0 // indirect
	github.com/spf13/pflag v1.1.0 // indirect
)
