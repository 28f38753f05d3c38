//go:build tools

package tools

import (
	_ "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/robfig/cron/v3"
	_ "github.com/skip2/go-qrcode"
	_ "github.com/xuri/excelize/v2"
	_ "golang.org/x/text/unicode/norm"
	_ "gopkg.in/yaml.v3"
)
